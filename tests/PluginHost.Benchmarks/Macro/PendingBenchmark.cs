using System.Text;

namespace PluginHost.Benchmarks.Macro;

/// <summary>A section whose API does not exist yet: keeps its place in the document and says what it waits for.</summary>
internal sealed class PendingBenchmark(string title, string waitingFor, string plan) : IMacroBenchmark
{
    public string Title => $"{title}: pending {waitingFor}";

    public void Run(MacroContext context) => context.Log($"{title}: pending {waitingFor}");

    public void Write(StringBuilder doc, Summary summary)
    {
        doc.AppendLine($"## {Title}").AppendLine();
        doc.AppendLine($"Not measured yet. {plan}").AppendLine();
    }
}
