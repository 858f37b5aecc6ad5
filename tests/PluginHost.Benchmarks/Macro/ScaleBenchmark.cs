using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Speed at scale (issue 13): production and development mode against bare contexts of each kind, from
/// 250 to 5,000 generated ReadyToRun plugins, each run a fresh process, interleaved; parallel ImportAll;
/// and retiring 1,000 plugins at once. Writes the growth chart beside the document.
/// </summary>
internal sealed class ScaleBenchmark : IMacroBenchmark
{
    public const string ChartFile = "benchmarks-growth.png";
    private int _reference = 1000;
    private static readonly string[] s_modes = ["production", "bare-r2r", "development", "bare-collectible"];

    private readonly List<GrowthRow> _rows = [];
    private readonly Dictionary<(int Count, string Mode), string> _aborted = [];
    private readonly Dictionary<string, Stats> _parallel = [];
    private readonly Dictionary<string, ScaleResult> _sample = [];
    private Stats? _retireHost;
    private Stats? _retireBare;
    private int _leaks;
    private int _retired;
    private double _resolverUs;
    private double _handoffUs;
    private string? _chartError;

    public string Title => "Speed at scale: production mode, parallel import, batch retirement";

    public void Run(MacroContext context)
    {
        var (root, _) = context.GeneratedPlugins();

        // 1,000 in build/bench.sh; a short proof run (--growth) compares at its largest count instead.
        _reference = context.GrowthCounts.Contains(1000) ? 1000 : context.GrowthCounts.Max();
        foreach (var count in context.GrowthCounts)
        {
            var rounds = count switch { <= 1000 => Math.Max(3, context.Runs / 2), <= 2500 => 3, _ => 2 };
            context.Log($"Growth: {count} plugins, {rounds} interleaved rounds of {string.Join(", ", s_modes)} (ImportAll serial)");
            var results = s_modes.ToDictionary(m => m, _ => new List<ScaleResult>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var mode in s_modes.Where(m => !_aborted.ContainsKey((count, m))))
                {
                    try
                    {
                        results[mode].Add(Checked(context.RunPublishedChild<ScaleResult>("scale", mode, root, N(count, 0), "1"), count));
                    }
                    catch (InvalidOperationException e) when (count > _reference)
                    {
                        // Beyond the reference count a process the runtime aborts is a finding, not a broken run.
                        _aborted[(count, mode)] = FirstLine(e.Message);
                        context.Log($"Growth: {mode} with {count} plugins aborted: {_aborted[(count, mode)]}");
                    }
                }
            }

            _rows.Add(new GrowthRow(
                count,
                results.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => new Stats(r.Value.Select(x => x.ImportMs))),
                results.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => r.Value.Max(x => x.Mappings)),
                rounds));
            if (count == _reference)
            {
                foreach (var (mode, list) in results)
                {
                    _sample[mode] = list.OrderBy(r => r.ImportMs).ElementAt(list.Count / 2);
                }
            }
        }

        var threads = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        context.Log($"Parallel ImportAll: {_reference} plugins with {threads} threads, 3 runs of each mode");
        foreach (var mode in new[] { "production", "development" })
        {
            _parallel[mode] = new Stats(Enumerable.Range(0, 3).Select(_ => Checked(context.RunPublishedChild<ScaleResult>("scale", mode, root, N(_reference, 0), threads), _reference).ImportMs));
        }

        context.Log($"Retirement: {_reference} plugins disposed (verified) against {_reference} bare contexts, 3 runs");
        var retires = Enumerable.Range(0, 3).Select(_ => context.RunPublishedChild<RetireResult>("retire", root, N(_reference, 0))).ToList();
        _retireHost = new Stats(retires.Select(r => r.HostMs));
        _retireBare = new Stats(retires.Select(r => r.BareMs));
        _leaks = retires.Max(r => r.Leaks);
        _retired = retires.Min(r => r.Loaded);
        _resolverUs = context.RunPublishedChild<MicrosecondsResult>("resolver", root, N(_reference, 0)).Microseconds;
        _handoffUs = context.RunPublishedChild<MicrosecondsResult>("handoff", "1000").Microseconds;

        try
        {
            ScaleChart.Write(Path.Combine(Path.GetDirectoryName(context.OutputFile)!, ChartFile), _rows);
        }
#pragma warning disable CA1031 // A chart that cannot be drawn (no native Skia here) must not lose the measured tables.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _chartError = e.Message;
            context.Log($"The growth chart could not be drawn: {e.Message}");
        }
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        doc.AppendLine("""
            The generated plugins of the startup section, compiled ReadyToRun as a plugin published for production is. Every
            figure is the median of fresh processes, the modes interleaved round by round. *Production* = `PluginRuntime` with
            `Mode = Production` + `ImportAll()` (non-collectible McMaster contexts loading from the files, so the ReadyToRun code
            runs). Every process here runs the host as a production host is published: PluginHost, its abstractions, McMaster and
            Serilog compiled ReadyToRun too, so the host's own first use is not JIT-compiled either (the startup section above
            runs them as IL). *Development* = `Mode = Development` (collectible, in memory: ReadyToRun code ignored, everything JIT-compiled).
            *Bare R2R* = one bare non-collectible `AssemblyLoadContext` per plugin + `LoadFromAssemblyPath` + create the known type +
            Register; *bare collectible* = the same with collectible contexts. The growth table imports serially
            (`ImportParallelism = 1`), so each host figure sits beside a baseline doing the same work on one thread; the host's
            overhead per plugin is (host − bare) / N.
            """).AppendLine();

        var at = _rows.Single(r => r.Count == _reference);
        // The largest N each mode and its baseline both reached (a process the runtime aborted has no row).
        var lastDevelopment = _rows.Where(r => r.Has("development") && r.Has("bare-collectible")).MaxBy(r => r.Count)!;
        var lastProduction = _rows.Where(r => r.Has("production") && r.Has("bare-r2r")).MaxBy(r => r.Count)!;
        var largest = _rows.Max(r => r.Count);
        var production = at.Ms("production");
        var bareR2r = at.Ms("bare-r2r");
        var development = at.Ms("development");
        var bareCollectible = at.Ms("bare-collectible");
        var parallelProduction = _parallel["production"].Median;
        var retire = _retireHost!.Median;
        var devGrowth = lastDevelopment.Overhead("development", "bare-collectible") / at.Overhead("development", "bare-collectible");
        var prodGrowth = lastProduction.Overhead("production", "bare-r2r") / at.Overhead("production", "bare-r2r");
        var devExtra = at.Overhead("development", "bare-collectible");

        var goals = new List<string[]>
        {
            Goal(summary, $"production: {_reference:N0} plugins `ImportAll` ≤ {0.3 * _reference / 1000:0.###} s and ≤ 1.3× bare non-collectible ReadyToRun",
                $"{N(production, 0)} ms serial ({Ratio(production, bareR2r)}); {N(parallelProduction, 0)} ms with {Environment.ProcessorCount} threads",
                $"bare R2R {N(bareR2r, 0)} ms",
                production <= 0.3 * _reference && production <= 1.3 * bareR2r,
                $"The floor is the bare non-collectible baseline, {N(bareR2r, 0)} ms here; the host adds {N(at.Overhead("production", "bare-r2r"), 0)} µs per plugin "
                + $"(its phases per plugin: find {N(_sample["production"].FindUs, 0)}, load context {N(_sample["production"].ContextUs, 0)} of which McMaster's resolver {N(_resolverUs, 0)}, "
                + $"load assembly {N(_sample["production"].AssemblyUs, 0)}, Register on a plugin thread {N(_sample["production"].RegisterUs, 0)} µs; see below). "
                + HandoffNote()),
            Goal(summary, $"development: {_reference:N0} plugins ≤ 1.1× bare collectible",
                $"{N(development, 0)} ms ({Ratio(development, bareCollectible)})",
                $"bare collectible {N(bareCollectible, 0)} ms",
                development <= 1.1 * bareCollectible,
                $"The host adds {N(devExtra, 0)} µs per plugin; McMaster's builder always creates an `AssemblyDependencyResolver` (its context's constructor, .deps.json or not), {N(_resolverUs, 0)} µs per plugin measured in this run, which no option of `AssemblyLoadContextBuilder` skips. "
                + HandoffNote()),
            Goal(summary, $"linear to {largest:N0}: host overhead per plugin at {largest:N0} ≤ 1.1× that at {_reference:N0}",
                $"development {N(devGrowth, 2)}× (at {lastDevelopment.Count:N0}), production {N(prodGrowth, 2)}× (at {lastProduction.Count:N0})",
                $"{N(lastDevelopment.Overhead("development", "bare-collectible"), 0)} vs {N(devExtra, 0)} µs per plugin (development), "
                + $"{N(lastProduction.Overhead("production", "bare-r2r"), 0)} vs {N(at.Overhead("production", "bare-r2r"), 0)} (production)",
                devGrowth <= 1.1 && prodGrowth <= 1.1,
                "The bare baselines' own growth (the runtime's, shown in the table) is not counted; what remains is the host's own per-plugin work growing with the process."
                + (lastDevelopment.Count < largest ? $" {AbortNote()}" : string.Empty)),
            Goal(summary, "parallel `ImportAll`: outcomes identical to serial",
                $"{Environment.ProcessorCount} threads: production {N(parallelProduction, 0)} ms vs {N(production, 0)} ms serial, development {N(_parallel["development"].Median, 0)} ms vs {N(development, 0)} ms serial",
                "serial, same run",
                null,
                "Identical outcomes are proven by ParallelImportTests, not timed here."),
            Goal(summary, $"{_reference:N0} plugins unloaded and verified ≤ {_reference / 1000.0:0.###} s",
                $"{N(retire, 0)} ms (runtime disposal, one verification loop; {_leaks} leaked of {_retired})",
                $"bare contexts unloaded and verified together {N(_retireBare!.Median, 0)} ms",
                retire <= _reference && _leaks == 0,
                $"The floor is the bare baseline, {N(_retireBare.Median, 0)} ms: full blocking GCs over the loaded contexts."),
        };
        Table(doc, ["goal", "measured", "baseline (same run)", "verdict", "note"], goals);

        doc.AppendLine("### Growth, 250 to 5,000 plugins").AppendLine();
        Table(
            doc,
            ["N", "production (ms)", "bare R2R (ms)", "ratio", "host µs/plugin", "development (ms)", "bare collectible (ms)", "ratio", "host µs/plugin", "runs"],
            _rows.Select(r => new[]
            {
                N(r.Count, 0), Cell(r, "production"), Cell(r, "bare-r2r"), Pair(r, "production", "bare-r2r", Ratio), Pair(r, "production", "bare-r2r", (_, _) => N(r.Overhead("production", "bare-r2r"), 0)),
                Cell(r, "development"), Cell(r, "bare-collectible"), Pair(r, "development", "bare-collectible", Ratio), Pair(r, "development", "bare-collectible", (_, _) => N(r.Overhead("development", "bare-collectible"), 0)),
                N(r.Rounds, 0),
            }));
        if (_aborted.Count > 0)
        {
            doc.AppendLine(CultureInfo.InvariantCulture, $"*aborted*: {AbortNote()}").AppendLine();
        }

        var mappings = at.Modes.Keys.Where(at.Mappings.ContainsKey).Select(m => $"{m} {N((double)at.Mappings[m] / at.Count, 1)}");
        doc.AppendLine(CultureInfo.InvariantCulture, $"Memory mappings per plugin at N = {_reference:N0} (lines of /proc/self/maps at the end, over N): {string.Join(", ", mappings)}.").AppendLine();
        doc.AppendLine(_chartError is null
            ? $"![ImportAll time against the number of plugins, both modes and both baselines]({ChartFile})"
            : $"(The chart could not be drawn in this run: {_chartError})").AppendLine();

        doc.AppendLine(CultureInfo.InvariantCulture, $"### Where the time goes at N = {_reference:N0} (median run)").AppendLine();
        Table(
            doc,
            ["", "find (µs)", "load context (µs)", "load assembly (µs)", "Register (µs)", "allocated per plugin (B)", "GCs (gen 0)", "GC pauses (ms)"],
            s_modes.Select(m => _sample[m]).Zip(s_modes, (r, m) => new[]
            {
                m, N(r.FindUs, 0), N(r.ContextUs, 0), N(r.AssemblyUs, 0), N(r.RegisterUs, 0), N(r.AllocatedPerPlugin, 0), N(r.GcCount, 0), N(r.GcPauseMs),
            }));
        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            Phases are the host's own trace (`LoadedPlugin.Trace`); bare rows have none. McMaster's `AssemblyDependencyResolver`, which
            every McMaster context creates, costs {N(_resolverUs, 0)} µs per plugin on its own here (plugins without a `.deps.json`).
            """).AppendLine();
        summary.Headlines.Add($"Production mode: {_reference:N0} ReadyToRun plugins import in {N(production / 1000, 3)} s serially ({Ratio(production, bareR2r)} bare non-collectible contexts), {N(parallelProduction / 1000, 3)} s on {Environment.ProcessorCount} threads; development mode {N(development / 1000, 3)} s ({Ratio(development, bareCollectible)} bare collectible)");
        summary.Headlines.Add($"Disposing a runtime with {_reference:N0} plugins (stop, unload, verified) takes {N(retire, 0)} ms");
    }

    private static string Cell(GrowthRow row, string mode) => row.Has(mode) ? N(row.Ms(mode)) : "aborted";

    private static string Pair(GrowthRow row, string host, string bare, Func<double, double, string> format) =>
        row.Has(host) && row.Has(bare) ? format(row.Ms(host), row.Ms(bare)) : "–";

    // The runtime's own words for why it aborted: the "Fatal error." line and the one after it.
    private static string FirstLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fatal = Array.FindIndex(lines, l => l.StartsWith("Fatal error", StringComparison.Ordinal));
        if (fatal >= 0 && fatal + 1 < lines.Length)
        {
            return $"{lines[fatal]} {lines[fatal + 1]}";
        }

        // The child's command line says nothing a reader needs; how it ended does.
        var exit = System.Text.RegularExpressions.Regex.Match(lines[0], @" exited with (\d+):?$");
        return !exit.Success ? lines[0]
            : exit.Groups[1].Value == "134" ? "the process was aborted (exit code 134, SIGABRT) before the runtime could say why"
            : $"the process exited with code {exit.Groups[1].Value} and no message";
    }

    private string HandoffNote() =>
        $"Each Register runs on a thread of its own, so one that hangs costs its time limit and not the host: an empty call's round trip to a parked "
        + $"thread is {N(_handoffUs, 0)} µs here (median of 1,000, measured in this run), nearly all of it the wake of the idle core; the host's caller "
        + "spins up to 1 ms for the return instead of blocking, which saves it a second wake.";

    private string AbortNote()
    {
        var limitText = File.Exists("/proc/sys/vm/max_map_count") ? File.ReadAllText("/proc/sys/vm/max_map_count").Trim() : "unknown";
        var perPlugin = _rows.Where(r => r.Mappings.ContainsKey("bare-collectible")).Select(r => (double)r.Mappings["bare-collectible"] / r.Count).DefaultIfEmpty(0).Max();
        var fits = double.TryParse(limitText, CultureInfo.InvariantCulture, out var limit) && perPlugin > 0 ? $"about {limit / perPlugin:N0}" : "a few thousand";
        var runs = string.Join("; ", _aborted.Select(a => $"{a.Key.Mode} at {a.Key.Count:N0}: \"{a.Value}\""));
        return $"The runtime aborted these processes ({runs}). A collectible context, bare or the host's, costs about {N(perPlugin, 0)} memory mappings "
            + $"(measured below), so {fits} of them fill the kernel's vm.max_map_count ({limitText}) and the runtime can no longer map code; a non-collectible one costs about half. "
            + "That limit holds for any .NET process, not the host's alone: raise it (sysctl vm.max_map_count) to keep more collectible plugins in one process.";
    }

    private static string[] Goal(Summary summary, string goal, string measured, string baseline, bool? met, string floor)
    {
        summary.Goal(goal, $"{measured} — {baseline}", met);
        return [goal, measured, baseline, Verdict(met), met == false ? floor : met is null ? floor : string.Empty];
    }

    private static ScaleResult Checked(ScaleResult result, int count) =>
        result.Loaded == count ? result : throw new InvalidOperationException($"Only {result.Loaded} of {count} generated plugins loaded.");

    /// <summary>One N of the growth table: the median ImportAll of each mode.</summary>
    internal sealed record GrowthRow(int Count, IReadOnlyDictionary<string, Stats> Modes, IReadOnlyDictionary<string, int> Mappings, int Rounds)
    {
        /// <summary>Whether this mode finished at this count (its process was not aborted).</summary>
        public bool Has(string mode) => Modes.ContainsKey(mode);

        public double Ms(string mode) => Modes[mode].Median;

        /// <summary>What the host adds per plugin over its baseline, in µs.</summary>
        public double Overhead(string host, string bare) => (Ms(host) - Ms(bare)) * 1000 / Count;
    }
}
