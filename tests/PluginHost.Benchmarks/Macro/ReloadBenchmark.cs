using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>Hot reload: latency through the watcher, and a 4,000-reload soak that must plateau.</summary>
internal sealed class ReloadBenchmark : IMacroBenchmark
{
    public const int Reloads = 40;
    public const int Cycles = 4000;
    public const int Every = 500;

    private ReloadLatencyResult? _latency;
    private ReloadSoakResult? _soak;

    public string Title => "Hot reload latency and reload soak";

    /// <summary>One API reload of the small fixture (load beside, Register, swap, retire, verify collection).</summary>
    public Stats ReloadMs => new(_soak!.ReloadMs);

    public void Run(MacroContext context)
    {
        context.Log($"Reload latency: {Reloads} complete builds and {Reloads} quiet-period changes through the watcher");
        _latency = context.RunChild<ReloadLatencyResult>("reload-latency", Reloads.ToString(CultureInfo.InvariantCulture));
        context.Log($"Reload soak: {Cycles} reloads through the API");
        _soak = context.RunChild<ReloadSoakResult>("reload-soak", Cycles.ToString(CultureInfo.InvariantCulture), Every.ToString(CultureInfo.InvariantCulture));
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        var latency = new Stats(_latency!.LatencyMs);
        var fallback = new Stats(_latency.FallbackMs);
        var soak = _soak!;
        var reload = ReloadMs;
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            **Latency**: the fixture plugin `Versioned` runs under `StartWatching()` with the default options, and a new
            build lands {Reloads} times in each of two ways, alternating: a **complete build** copied in file by file as
            MSBuild's Copy task does (`.deps.json`, `.runtimeconfig.json`, the DLL, its PDB), timed from the last copy; and,
            as the baseline, **the DLL alone** renamed into place beside the previous build's PDB, which the watcher cannot
            call complete, so it reloads after the quiet period (`debounce_ms`, {N(_latency.DebounceMs, 0)} ms), as every
            change did before. Each time runs until the new generation's `Register()` has run and its commands are the
            registry's (the first of each kind not counted; failed reloads: {_latency.Failures}; copies retried because the
            watcher held a file: {_latency.Collisions}).
            """).AppendLine();
        Table(
            doc,
            ["metric", "median (ms)", "p10 – p90 (ms)", "min – max (ms)", "n"],
            [
                ["last write of a complete build → new Register() done", N(latency.Median), Spread(latency), $"{N(latency.Min)} – {N(latency.Max)}", N(latency.Count, 0)],
                ["baseline: change judged by quiet time → new Register() done", N(fallback.Median), Spread(fallback), $"{N(fallback.Min)} – {N(fallback.Max)}", N(fallback.Count, 0)],
                ["of which the quiet period (debounce)", N(_latency.DebounceMs, 0), "", "", ""],
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

        summary.Headlines.Add($"Hot reload: last write of a complete build → new Register() done in {N(latency.Median)} ms median (p90 {N(latency.P90)} ms; {N(fallback.Median)} ms when the watcher waits the {N(_latency.DebounceMs, 0)} ms quiet period); {Cycles:N0} reloads: {(flat ? "flat" : "NOT flat")}");
        summary.Goal(
            "reload p50 ≤ 10 ms from the last write of a complete build",
            $"{N(latency.Median)} ms (p90 {N(latency.P90)} ms); baseline, quiet period: {N(fallback.Median)} ms",
            latency.Median <= 10 && _latency.Failures == 0);
        summary.Goal($"reload soak flat ({Cycles:N0} reloads)", verdict, flat);
    }
}
