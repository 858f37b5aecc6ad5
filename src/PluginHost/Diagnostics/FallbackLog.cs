using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Formatting.Display;

namespace PluginHost.Diagnostics;

/// <summary>
/// No silent default. The library never configures logging, but when the host gave no logger and nobody
/// configured Serilog's static <see cref="Log.Logger"/> either, a leak or a failed import would vanish:
/// then warnings and errors go to the standard error stream instead.
/// </summary>
internal static class FallbackLog
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] PluginHost: {Message:lj}{NewLine}{Exception}";

    private static readonly Lazy<ILogger> s_standardError = new(() => WritingTo(OpenStandardError()));

    /// <summary><paramref name="logger"/> itself, unless it is Serilog's silent default: then a logger of warnings and errors to stderr.</summary>
    public static ILogger Resolve(ILogger logger) => Resolve(logger, () => s_standardError.Value);

    /// <summary><paramref name="logger"/> itself, unless it is Serilog's silent default: then <paramref name="fallback"/>'s logger.</summary>
    public static ILogger Resolve(ILogger logger, Func<ILogger> fallback) =>
        ReferenceEquals(logger, Logger.None) ? fallback() : logger;

    /// <summary>A logger that writes warnings and errors, one line each (and the exception), to <paramref name="writer"/>.</summary>
    public static ILogger WritingTo(TextWriter writer) =>
        new LoggerConfiguration()
            .MinimumLevel.Warning()
            .WriteTo.Sink(new TextWriterSink(writer, new MessageTemplateTextFormatter(Template)))
            .CreateLogger();

    private static StreamWriter OpenStandardError()
    {
        // The one place the library touches the console (BannedSymbols.txt bans it everywhere else): the
        // last resort for a host that configured no logging at all, so its warnings are not lost.
#pragma warning disable RS0030
        var stream = Console.OpenStandardError();
#pragma warning restore RS0030
        return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
    }
}
