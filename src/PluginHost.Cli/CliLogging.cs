using PluginHost.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PluginHost.Cli;

/// <summary>The only place logging is configured: the library never configures sinks.</summary>
internal static class CliLogging
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(TextWriter error, bool verbose, bool quiet)
    {
        var level = verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Error : LogEventLevel.Warning;
        var configuration = new LoggerConfiguration().MinimumLevel.Is(level).Enrich.FromLogContext();

        // Logs go to stderr so stdout stays the report a user (or a script) reads.
        return ReferenceEquals(error, Console.Error)
            ? configuration.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: null).CreateLogger()
            : configuration.WriteTo.Sink(new TextWriterSink(error, new MessageTemplateTextFormatter(Template))).CreateLogger();
    }
}
