using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace PluginHost.Hosting;

/// <summary>
/// Hands the runtime's Serilog events to the app's <see cref="ILoggerFactory"/>: the category is the event's
/// <c>SourceContext</c> (<c>PluginHost.PluginRuntime</c>), every event property is a state property
/// (<c>Plugin</c>, <c>Generation</c>, <c>ElapsedMs</c>...) beside <c>{OriginalFormat}</c>, and <c>Plugin</c>
/// and <c>Generation</c> are also a scope, for providers that print scopes rather than state.
/// </summary>
/// <remarks>
/// Written here rather than taken from Serilog.Extensions.Logging, which goes the other way (it makes Serilog
/// the provider behind Microsoft.Extensions.Logging); this direction is one small class.
/// </remarks>
internal sealed class LoggerFactorySink(ILoggerFactory factory) : ILogEventSink
{
    public const string DefaultCategory = "PluginHost";

    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>A Serilog logger for the runtime whose events reach <paramref name="factory"/>; its filters decide what is written.</summary>
    public static Serilog.ILogger CreateLogger(ILoggerFactory factory) =>
        new Serilog.LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new LoggerFactorySink(factory)).CreateLogger();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var category = logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name }
            ? name
            : DefaultCategory;
        var logger = _loggers.GetOrAdd(category, factory.CreateLogger);
        var level = LevelOf(logEvent.Level);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        using var scope = PluginScope.Of(logEvent) is { } plugin ? logger.BeginScope(plugin) : null;
        logger.Log(level, default, new LogEventState(logEvent), logEvent.Exception, LogEventState.Format);
    }

    private static LogLevel LevelOf(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}
