using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PluginHost.Cli;

/// <summary>Writes log events to a given writer, so the CLI can be run in-process with captured output.</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
