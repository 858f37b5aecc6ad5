using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// 4,000 cycles of Import → Unload (verified) of one plugin in a fresh process, watching the footprint:
/// it must plateau, or generations leak.
/// </summary>
internal sealed class SoakBenchmark : IMacroBenchmark
{
    public const int Cycles = 4000;
    public const int Every = 500;
    public const int RawCycles = 300;

    public string Title => "Unload + re-import soak";

    public SoakResult? Result { get; private set; }

    /// <summary>One import (cold, into a new context) plus one verified unload, per cycle.</summary>
    public Stats CycleMs => new(Result!.ImportMs.Zip(Result.UnloadMs, (i, u) => i + u));

    public void Run(MacroContext context)
    {
        context.Log($"Soak: {Cycles} import/unload cycles, then {RawCycles} baseline cycles");
        Result = context.RunChild<SoakResult>("soak", Cycles.ToString(CultureInfo.InvariantCulture), Every.ToString(CultureInfo.InvariantCulture), RawCycles.ToString(CultureInfo.InvariantCulture));
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        var result = Result!;
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            {Cycles:N0} cycles of `Import("CountingPlugin")` + first call → `Unload("CountingPlugin")` (which waits until the
            generation's context is verifiably collected) in one fresh process. Footprint at the start, every {Every} cycles
            and at the end; managed heap after a full GC.
            """).AppendLine();
        Table(
            doc,
            ["cycle", "working set (MB)", "managed heap (MB)", "live load contexts", "loaded assemblies", "in plugin contexts"],
            result.Checkpoints.Select(c => new[]
            {
                c.Cycle.ToString(CultureInfo.InvariantCulture), N(c.WorkingSetMb), N(c.ManagedMb, 2),
                c.LoadContexts.ToString(CultureInfo.InvariantCulture), c.Assemblies.ToString(CultureInfo.InvariantCulture),
                c.PluginAssemblies.ToString(CultureInfo.InvariantCulture),
            }));

        var import = new Stats(result.ImportMs);
        var unload = new Stats(result.UnloadMs);
        var cycle = CycleMs;
        var raw = new Stats(result.RawCycleMs);
        Table(
            doc,
            ["phase", "median (ms)", "p10 – p90 (ms)", "n"],
            [
                ["import + first call (cold, new context)", N(import.Median, 3), Spread(import, 3), N(import.Count, 0)],
                ["unload + verified collection", N(unload.Median, 3), Spread(unload, 3), N(unload.Count, 0)],
                ["whole cycle (host)", N(cycle.Median, 3), Spread(cycle, 3), N(cycle.Count, 0)],
                ["whole cycle, baseline (bare context load + Register + Unload + wait for collection)", N(raw.Median, 3), Spread(raw, 3), N(raw.Count, 0)],
                ["ratio host/baseline (cycle)", Ratio(cycle.Median, raw.Median), "", ""],
            ]);

        var (flat, verdict) = Footprint.Plateau(result.Checkpoints, "cycle");
        doc.AppendLine(Footprint.Criterion).AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"Generations not collected: **{result.Leaks}**. Verdict: **{verdict}**.").AppendLine();
        summary.Headlines.Add($"Unload + re-import cycle {N(cycle.Median, 2)} ms median; {Cycles:N0} cycles: {verdict}");
        summary.Goal($"soak flat ({Cycles:N0} unload + re-import cycles)", verdict, flat && result.Leaks == 0);
    }
}
