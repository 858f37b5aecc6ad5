using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PluginHost.Diagnostics;

/// <summary>Writes each log event to a writer, one at a time: the sink of <see cref="FallbackLog"/>.</summary>
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
