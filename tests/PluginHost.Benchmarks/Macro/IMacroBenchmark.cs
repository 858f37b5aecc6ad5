using System.Text;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// One section of docs/benchmarks.md: measures, then writes its tables and adds its headline figures and
/// goals to the summary. A new macro benchmark (hot reload, when issue 3 lands) is one more of these
/// in <see cref="MacroDriver"/>'s list.
/// </summary>
internal interface IMacroBenchmark
{
    string Title { get; }

    void Run(MacroContext context);

    void Write(StringBuilder doc, Summary summary);
}
