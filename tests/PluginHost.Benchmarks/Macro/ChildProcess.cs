using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using McMaster.NETCore.Plugins;
using PluginHost.Benchmarks.Support;
using PluginHost.Configuration;
using PluginHost.Results;
using Serilog.Core;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Measurements that need a fresh process: startup (so the host's first-use costs are counted, as a real
/// host pays them) and the soak (so its footprint is the plugin's, not the driver's).
/// </summary>
internal static class ChildProcess
{
    public static int Run(string[] args)
    {
        object result = args switch
        {
            ["startup", "host", var path, var count] => StartupHost(path, Parse(count)),
            ["startup", "raw", var path, var count] => StartupRaw(path, Parse(count)),
            ["startup", "mcmaster", var path, var count] => StartupMcMaster(path, Parse(count)),
            ["soak", var cycles, var every, var rawCycles] => Soak(Parse(cycles), Parse(every), Parse(rawCycles)),
            ["reload-latency", var reloads] => ReloadChild.Latency(Parse(reloads)),
            ["reload-soak", var cycles, var every] => ReloadChild.Soak(Parse(cycles), Parse(every)),
            ["source-edit", var edits] => SourceEditBenchmark.Measure(Parse(edits)),
            ["scale", var mode, var path, var count, var parallelism] => ScaleChild.Import(mode, path, Parse(count), Parse(parallelism)),
            ["retire", var path, var count] => ScaleChild.Retire(path, Parse(count)),
            ["resolver", var path, var count] => new MicrosecondsResult(ScaleChild.ResolverMicroseconds(path, Parse(count))),
            ["handoff", var count] => new MicrosecondsResult(ScaleChild.HandoffMicroseconds(Parse(count))),
            ["generate", var path, var count] => Generate(path, Parse(count)),
            _ => throw new ArgumentException(
                "usage: child startup host|raw|mcmaster <path> <count> | child soak <cycles> <every> <raw-cycles> | child reload-latency <reloads> | child reload-soak <cycles> <every> "
                + "| child source-edit <edits> | child scale production|development|bare-r2r|bare-collectible <path> <count> <parallelism> | child retire <path> <count> "
                + "| child resolver <path> <count> | child handoff <count> | child generate <path> <count>"),
        };
        Console.WriteLine(JsonSerializer.Serialize(result, result.GetType(), ChildResults.Json));
        return 0;
    }

    private static object Generate(string path, int count)
    {
        var started = Stopwatch.GetTimestamp();
        PluginGenerator.Generate(path, count);
        return new { Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds };
    }

    private static int Parse(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static StartupResult StartupHost(string path, int count)
    {
        var started = Stopwatch.GetTimestamp();
        using var runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [path],
            Plugins = [.. Enumerable.Range(1, count).Select(i => new PluginEntry { Name = PluginGenerator.NameOf(i) })],
            Logger = Logger.None,
        });
        var outcomes = runtime.ImportAll();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var loaded = outcomes.Count(o => o.Status == ImportStatus.Loaded);
        return new StartupResult(elapsed.TotalMilliseconds, SinceProcessStart(), loaded, GC.CollectionCount(0), GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    // The baseline: one bare collectible context per plugin, the known type created and registered.
    private static StartupResult StartupRaw(string path, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var registry = new BareRegistry();
        var contexts = new List<AssemblyLoadContext>(count);
        for (var i = 1; i <= count; i++)
        {
            var name = PluginGenerator.NameOf(i);
            var context = new AssemblyLoadContext(name, isCollectible: true);
            var folder = Path.Combine(path, name);
            var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, name + ".dll"));
            var plugin = (IPlugin)Activator.CreateInstance(assembly.GetType(PluginGenerator.TypeNameOf(i), throwOnError: true)!)!;
            plugin.Register(new BareContext(name, folder, registry));
            contexts.Add(context);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new StartupResult(elapsed.TotalMilliseconds, SinceProcessStart(), contexts.Count, GC.CollectionCount(0), GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    // The bare McMaster loader per plugin, configured as the host configures it, without the host around it.
    private static StartupResult StartupMcMaster(string path, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var registry = new BareRegistry();
        var loaders = new List<PluginLoader>(count);
        for (var i = 1; i <= count; i++)
        {
            var name = PluginGenerator.NameOf(i);
            var folder = Path.Combine(path, name);
            var loader = PluginLoader.CreateFromAssemblyFile(Path.Combine(folder, name + ".dll"), isUnloadable: true, sharedTypes: [typeof(IPlugin), typeof(Serilog.ILogger)], config => config.LoadInMemory = true);
            var plugin = (IPlugin)Activator.CreateInstance(loader.LoadDefaultAssembly().GetType(PluginGenerator.TypeNameOf(i), throwOnError: true)!)!;
            plugin.Register(new BareContext(name, folder, registry));
            loaders.Add(loader);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new StartupResult(elapsed.TotalMilliseconds, SinceProcessStart(), loaders.Count, GC.CollectionCount(0), GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    private static double SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return (DateTime.Now - process.StartTime).TotalMilliseconds;
    }

    private static SoakResult Soak(int cycles, int every, int rawCycles)
    {
        const string name = BenchmarkPaths.Counting;
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [BenchmarkPaths.FixturesRoot], Logger = Logger.None });
        var checkpoints = new List<SoakCheckpoint> { Footprint.Checkpoint(0) };
        var importMs = new List<double>(cycles);
        var unloadMs = new List<double>(cycles);
        var leaks = 0;
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var started = Stopwatch.GetTimestamp();
            ImportAndCall(runtime, name);
            importMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            if (runtime.UnloadAsync(name).GetAwaiter().GetResult() is not { Collected: true })
            {
                leaks++;
            }

            unloadMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (cycle % every == 0 || cycle == cycles)
            {
                checkpoints.Add(Footprint.Checkpoint(cycle));
            }
        }

        var path = BenchmarkPaths.FixtureAssembly(name);
        var rawCycleMs = new List<double>(rawCycles);
        for (var cycle = 0; cycle < rawCycles; cycle++)
        {
            var started = Stopwatch.GetTimestamp();
            AssemblyLoadContext? context = LoadRaw(path, name);
            Collection.UnloadAndWait(ref context);
            rawCycleMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new SoakResult(checkpoints, importMs, unloadMs, rawCycleMs, leaks);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ImportAndCall(PluginRuntime runtime, string name)
    {
        runtime.Import(name);
        runtime.Registry.Invoke(BenchmarkPaths.CountingEcho, "soak");
    }

    // Out of line so no temporary of the caller's frame keeps the plugin's assembly reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AssemblyLoadContext LoadRaw(string path, string name)
    {
        var context = new AssemblyLoadContext(name, isCollectible: true);
        RawPlugin.RegisterAndCall(context.LoadFromAssemblyPath(path), "CountingPlugin.CountingPlugin", name, BenchmarkPaths.CountingEcho);
        return context;
    }
}
