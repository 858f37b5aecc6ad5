using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PluginHost.Benchmarks.Support;
using PluginHost.Results;
using Serilog.Core;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Python's import system, measured in the same run with the machine's python3, next to ours: cached
/// <c>import m</c>, <c>importlib.import_module</c>, a fresh import and <c>importlib.reload</c>.
/// </summary>
internal sealed class PythonAnchor(SoakBenchmark soak) : IMacroBenchmark
{
    private const int Repeats = 7;

    private const string Script = """
        import importlib, json, os, sys, tempfile, timeit
        folder = tempfile.mkdtemp()
        with open(os.path.join(folder, "bench_mod.py"), "w") as f:
            f.write("def echo(text):\n    return text\n")
        sys.path.insert(0, folder)
        import bench_mod
        def per_op(stmt, number):
            times = timeit.repeat(stmt, number=number, repeat=7, globals={"importlib": importlib, "bench_mod": bench_mod, "sys": sys})
            return [t / number * 1e9 for t in times]
        print(json.dumps({
            "version": sys.version.split()[0],
            "import": per_op("import bench_mod", 1000000),
            "import_module": per_op("importlib.import_module('bench_mod')", 1000000),
            "fresh_import": per_op("sys.modules.pop('bench_mod'); import bench_mod", 2000),
            "reload": per_op("importlib.reload(sys.modules['bench_mod'])", 2000),
        }))
        """;

    private Dictionary<string, JsonElement>? _python;
    private Stats? _cachedImportNs;
    private Stats? _dictionaryNs;

    public string Title => "Python anchor";

    public void Run(MacroContext context)
    {
        context.Log("Python anchor and the host's cached import (Stopwatch loop)");
        var script = Path.Combine(context.ScratchRoot, "python_anchor.py");
        File.WriteAllText(script, Script);
        var result = ProcessRunner.RunChecked(context.Python, [script]);
        _python = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(result.Output);
        (_cachedImportNs, _dictionaryNs) = MeasureCachedImport();
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        if (_python is null || _cachedImportNs is null || _dictionaryNs is null)
        {
            doc.AppendLine("Not measured in this run.").AppendLine();
            return;
        }

        doc.AppendLine(CultureInfo.InvariantCulture, $"""
            Python {_python["version"].GetString()} (`timeit`, {Repeats} repeats, per operation) beside PluginHost in the same
            run. PluginHost's cached import here is a plain Stopwatch loop over `runtime.Import("CountingPlugin")` (10 M calls
            per repeat, loop overhead included), so it reads a little above the BenchmarkDotNet figure. Python's reload
            re-executes a module in place; PluginHost's closest operation today is unload (verified collection) + a fresh
            import into a new collectible context, from the soak above.
            """).AppendLine();
        var cycle = soak.Result is null ? null : soak.CycleMs;
        var import = soak.Result is null ? null : new Stats(soak.Result.ImportMs);
        Table(
            doc,
            ["operation", "Python median", "Python p10 – p90", "PluginHost median", "PluginHost p10 – p90", "PluginHost / Python"],
            [
                ["cached import (`import m` / `Import(name)`)", Ns(Py("import")), SpreadNs(Py("import")), Ns(_cachedImportNs), SpreadNs(_cachedImportNs), Ratio(_cachedImportNs.Median, Py("import").Median)],
                ["`importlib.import_module` (cached)", Ns(Py("import_module")), SpreadNs(Py("import_module")), Ns(_cachedImportNs), SpreadNs(_cachedImportNs), Ratio(_cachedImportNs.Median, Py("import_module").Median)],
                ["`Dictionary` look-up (C# floor)", "", "", Ns(_dictionaryNs), SpreadNs(_dictionaryNs), ""],
                ["fresh import (not in cache; `.pyc` / new load context)", Us(Py("fresh_import")), SpreadUs(Py("fresh_import")), import is null ? "n/a" : $"{N(import.Median * 1000, 0)} µs", import is null ? "" : $"{N(import.P10 * 1000, 0)} – {N(import.P90 * 1000, 0)} µs", import is null ? "" : Ratio(import.Median * 1e6, Py("fresh_import").Median)],
                ["`importlib.reload` / unload + re-import", Us(Py("reload")), SpreadUs(Py("reload")), cycle is null ? "n/a" : $"{N(cycle.Median * 1000, 0)} µs", cycle is null ? "" : $"{N(cycle.P10 * 1000, 0)} – {N(cycle.P90 * 1000, 0)} µs", cycle is null ? "" : Ratio(cycle.Median * 1e6, Py("reload").Median)],
            ]);
        summary.Headlines.Add($"cached import {N(_cachedImportNs.Median, 1)} ns (Stopwatch loop) vs Python's `import m` {N(Py("import").Median, 1)} ns");
    }

    private Stats Py(string key) => new(_python![key].EnumerateArray().Select(e => e.GetDouble()));

    private static string Ns(Stats s) => $"{N(s.Median)} ns";

    private static string SpreadNs(Stats s) => $"{Spread(s)} ns";

    private static string Us(Stats s) => $"{N(s.Median / 1000, 0)} µs";

    private static string SpreadUs(Stats s) => $"{N(s.P10 / 1000, 0)} – {N(s.P90 / 1000, 0)} µs";

    private static (Stats Import, Stats Dictionary) MeasureCachedImport()
    {
        const int calls = 10_000_000;
        const string name = BenchmarkPaths.Counting;
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [BenchmarkPaths.FixturesRoot], Logger = Logger.None });
        var dictionary = new Dictionary<string, object>(StringComparer.Ordinal) { [name] = runtime.Import(name) };
        var import = new List<double>();
        var lookup = new List<double>();
        ImportLoop(runtime, name, calls / 10);
        LookupLoop(dictionary, name, calls / 10);
        for (var repeat = 0; repeat < Repeats; repeat++)
        {
            import.Add(ImportLoop(runtime, name, calls));
            lookup.Add(LookupLoop(dictionary, name, calls));
        }

        return (new Stats(import), new Stats(lookup));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ImportLoop(PluginRuntime runtime, string name, int calls)
    {
        LoadedPlugin? last = null;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            last = runtime.Import(name);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        GC.KeepAlive(last);
        return elapsed.TotalNanoseconds / calls;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double LookupLoop(Dictionary<string, object> dictionary, string name, int calls)
    {
        object? last = null;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            last = dictionary[name];
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        GC.KeepAlive(last);
        return elapsed.TotalNanoseconds / calls;
    }
}
