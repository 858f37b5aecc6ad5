using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Startup with N generated plugins: each run is a fresh process that imports N plugins with
/// <see cref="PluginRuntime.ImportAll"/>, against one that loads them into bare collectible contexts.
/// </summary>
internal sealed class StartupBenchmark : IMacroBenchmark
{
    private static readonly int[] s_counts = [10, 100, 1000, 2000];
    private readonly List<(int Count, Stats Host, Stats Raw, Stats? McMaster, Stats HostProcess, double GcPauseMs)> _rows = [];
    private TimeSpan _generation;

    public string Title => "Startup with N plugins";

    public void Run(MacroContext context)
    {
        (var root, _generation) = context.GeneratedPlugins();

        foreach (var count in s_counts)
        {
            // The large N cost seconds per run (see the note in the document), so they get fewer runs.
            var runs = count switch { <= 100 => context.Runs, <= 1000 => 3, _ => 2 };
            var withMcMaster = count <= 1000;
            context.Log($"Startup with {count} plugins, {runs} runs each of host, baseline{(withMcMaster ? " and bare McMaster" : string.Empty)}");
            var host = new List<StartupResult>();
            var raw = new List<StartupResult>();
            var mcMaster = new List<StartupResult>();
            var n = count.ToString(CultureInfo.InvariantCulture);
            for (var run = 0; run < runs; run++)
            {
                host.Add(Checked(context.RunChild<StartupResult>("startup", "host", root, n), count));
                raw.Add(Checked(context.RunChild<StartupResult>("startup", "raw", root, n), count));
                if (withMcMaster)
                {
                    mcMaster.Add(Checked(context.RunChild<StartupResult>("startup", "mcmaster", root, n), count));
                }
            }

            _rows.Add((
                count,
                new Stats(host.Select(r => r.ImportMs)),
                new Stats(raw.Select(r => r.ImportMs)),
                withMcMaster ? new Stats(mcMaster.Select(r => r.ImportMs)) : null,
                new Stats(host.Select(r => r.SinceProcessStartMs)),
                new Stats(host.Select(r => r.GcPauseMs)).Median));
        }
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            N distinct plugins compiled with Roslyn, then ReadyToRun with crossgen2 ({N(_generation.TotalSeconds)} s for all of
            them), each in its own folder `<Name>/<Name>.dll`; collectible contexts ignore the ReadyToRun code and JIT-compile. Every run is a **fresh process**: the host's own first-use cost (JIT, first
            McMaster loader) is included, as a real host pays it. *Host* = `new PluginRuntime(...)` + `ImportAll()`
            (find, new collectible McMaster context per plugin, locate type, Register, registry). *Baseline* = one bare
            collectible `AssemblyLoadContext` per plugin + `LoadFromAssemblyPath` + create the known type + Register.
            *Bare McMaster* = McMaster `PluginLoader.CreateFromAssemblyFile` (unloadable, in memory, the same shared types
            as the host) + create the known type + Register, without the host around it (measured up to N = 1000 only).
            *Process* = time from process start to the end of ImportAll (includes .NET runtime start).
            """).AppendLine();
        Table(
            doc,
            ["N", "host ImportAll median (ms)", "p10 – p90 (ms)", "per plugin (µs)", "baseline median (ms)", "baseline p10 – p90", "ratio host/baseline", "bare McMaster median (ms)", "ratio McMaster/baseline", "host GC pauses (ms)", "process start → loaded (ms)", "runs"],
            _rows.Select(r => new[]
            {
                r.Count.ToString(CultureInfo.InvariantCulture), N(r.Host.Median), Spread(r.Host), N(r.Host.Median * 1000 / r.Count, 0),
                N(r.Raw.Median), Spread(r.Raw), Ratio(r.Host.Median, r.Raw.Median),
                r.McMaster is null ? "–" : N(r.McMaster.Median), r.McMaster is null ? "–" : Ratio(r.McMaster.Median, r.Raw.Median),
                N(r.GcPauseMs), N(r.HostProcess.Median), r.Host.Count.ToString(CultureInfo.InvariantCulture),
            }));
        var largest = _rows.Where(r => r.McMaster is not null).MaxBy(r => r.Count);
        if (largest.McMaster is { } bare)
        {
            doc.AppendLine($"At N = {largest.Count} the host takes {Ratio(largest.Host.Median, bare.Median)} the time of bare McMaster loaders "
                + $"and bare McMaster {Ratio(bare.Median, largest.Raw.Median)} the time of bare contexts: the gap between the host and its "
                + "baseline is what the McMaster loader costs, not finding or registering.").AppendLine();
        }

        var thousand = _rows.Single(r => r.Count == 1000);
        summary.Headlines.Add($"1,000 plugins start in {N(thousand.Host.Median / 1000, 2)} s (ImportAll, fresh process; {Ratio(thousand.Host.Median, thousand.Raw.Median)} the bare-context baseline)");
        summary.Goal("1,000 plugins start in ≤ 0.3 s", $"{N(thousand.Host.Median / 1000, 3)} s median ImportAll (p10–p90 {N(thousand.Host.P10 / 1000, 3)}–{N(thousand.Host.P90 / 1000, 3)} s)", thousand.Host.Median <= 300);
    }

    private static StartupResult Checked(StartupResult result, int count) =>
        result.Loaded == count ? result : throw new InvalidOperationException($"Only {result.Loaded} of {count} generated plugins loaded.");
}
