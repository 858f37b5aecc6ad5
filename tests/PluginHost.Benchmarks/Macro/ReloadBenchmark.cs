using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>Hot reload: latency through the watcher, and a 2,000-reload soak that must plateau.</summary>
internal sealed class ReloadBenchmark : IMacroBenchmark
{
    public const int Reloads = 40;
    public const int Cycles = 2000;
    public const int Every = 500;

    private ReloadLatencyResult? _latency;
    private ReloadSoakResult? _soak;

    public string Title => "Hot reload latency and reload soak";

    /// <summary>One API reload of the small fixture (load beside, Register, swap, retire, verify collection).</summary>
    public Stats ReloadMs => new(_soak!.ReloadMs);

    public void Run(MacroContext context)
    {
        context.Log($"Reload latency: {Reloads} rebuilds through the watcher");
        _latency = context.RunChild<ReloadLatencyResult>("reload-latency", Reloads.ToString(CultureInfo.InvariantCulture));
        context.Log($"Reload soak: {Cycles} reloads through the API");
        _soak = context.RunChild<ReloadSoakResult>("reload-soak", Cycles.ToString(CultureInfo.InvariantCulture), Every.ToString(CultureInfo.InvariantCulture));
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        var latency = new Stats(_latency!.LatencyMs);
        var soak = _soak!;
        var reload = ReloadMs;
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            **Latency**: the fixture plugin `Versioned` runs under `StartWatching()` with the default debounce
            ({N(_latency.DebounceMs, 0)} ms). Each of {Reloads} rebuilds writes the other build's DLL to a temp file beside it and
            renames it into place; the time runs from the rename until the new generation's `Register()` has run and its
            commands are the registry's (first reload not counted; failed reloads: {_latency.Failures}). The debounce is
            part of the figure on purpose: it is what a developer waits.
            """).AppendLine();
        Table(
            doc,
            ["metric", "median (ms)", "p10 – p90 (ms)", "min – max (ms)", "n"],
            [
                ["file replaced → new Register() done (incl. debounce)", N(latency.Median), Spread(latency), $"{N(latency.Min)} – {N(latency.Max)}", N(latency.Count, 0)],
                ["of which the debounce", N(_latency.DebounceMs, 0), "", "", ""],
                ["API reload (load beside + Register + swap + retire + verified unload)", N(reload.Median, 2), Spread(reload, 2), $"{N(reload.Min, 2)} – {N(reload.Max, 2)}", N(reload.Count, 0)],
            ]);

        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            **Soak**: {Cycles:N0} reloads through `ReloadAsync`, alternating the two builds, in one fresh process. Footprint at the
            start, every {Every} reloads and at the end; managed heap after a full GC.
            """).AppendLine();
        Table(
            doc,
            ["reload", "working set (MB)", "managed heap (MB)", "live load contexts", "loaded assemblies", "in plugin contexts"],
            soak.Checkpoints.Select(c => new[]
            {
                c.Cycle.ToString(CultureInfo.InvariantCulture), N(c.WorkingSetMb), N(c.ManagedMb, 2),
                c.LoadContexts.ToString(CultureInfo.InvariantCulture), c.Assemblies.ToString(CultureInfo.InvariantCulture),
                c.PluginAssemblies.ToString(CultureInfo.InvariantCulture),
            }));
        var (plateau, verdict) = Footprint.Plateau(soak.Checkpoints, "reload");
        var flat = plateau && soak.Leaks == 0;
        doc.AppendLine(Footprint.Criterion).AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"Generations not collected: **{soak.Leaks}**; failed reloads: **{soak.Failures}**. Verdict: **{verdict}**.").AppendLine();

        summary.Headlines.Add($"Hot reload: file replaced → new Register() done in {N(latency.Median)} ms median (p90 {N(latency.P90)} ms, incl. the {N(_latency.DebounceMs, 0)} ms debounce); {Cycles:N0} reloads: {(flat ? "flat" : "NOT flat")}");
        summary.Goal("reload p50 ≤ 60 ms including debounce", $"{N(latency.Median)} ms (p90 {N(latency.P90)} ms)", latency.Median <= 60);
        summary.Goal("reload soak flat (2,000 reloads)", verdict, flat);
    }
}
