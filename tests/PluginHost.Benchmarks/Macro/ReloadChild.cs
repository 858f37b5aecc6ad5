using System.Diagnostics;
using System.Runtime.Loader;
using PluginHost.Benchmarks.Support;
using PluginHost.Configuration;
using Serilog.Core;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// Hot reload measured in a fresh process on the fixture plugin "Versioned", whose builds V1 and V2 are
/// swapped in as a developer's rebuild would: latency through the real watcher, and a soak through the API.
/// </summary>
internal static class ReloadChild
{
    private const string Name = "Versioned";
    private const string Command = "versioned.version";

    /// <summary>
    /// Through the watcher with its default options, alternating two ways a new build lands, one reload each
    /// (the first of each way warms up and is not counted):
    /// <list type="bullet">
    /// <item>a complete build copied in file by file as MSBuild's Copy task does (<c>File.Copy</c>, build order:
    /// .deps.json, .runtimeconfig.json, the DLL, its PDB); timed from the last copy's return: the watcher
    /// sees the build complete;</item>
    /// <item>the DLL alone renamed into place beside the previous build's PDB, timed from the rename: a set the
    /// watcher cannot call complete, so it waits for the quiet period (the old fixed-debounce path).</item>
    /// </list>
    /// Each time runs until the new generation's Register() has run and its commands are the registry's.
    /// </summary>
    public static ReloadLatencyResult Latency(int reloads)
    {
        var searchPath = Stage();
        var options = new HotReloadOptions();
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [searchPath], HotReload = options, Logger = Logger.None });
        using var reloaded = new SemaphoreSlim(0);
        var failures = 0;
        runtime.Reloaded += (_, result) =>
        {
            failures += result.Succeeded ? 0 : 1;
            reloaded.Release();
        };
        runtime.Import(Name);
        var watching = runtime.StartWatching();
        using var stopWatching = new ActionOnDispose(() => watching.DisposeAsync().AsTask().GetAwaiter().GetResult());

        var complete = new List<double>(reloads);
        var fallback = new List<double>(reloads);
        var collisions = 0;
        for (var i = 0; i < 2 * (reloads + 1); i++)
        {
            var generation = runtime.Registry.FindCommand(Command)!.Generation;
            var build = i % 2 == 0 ? "Versioned.V2" : "Versioned.V1";
            var written = i % 2 == 0 ? CopyBuild(searchPath, build, ref collisions) : ReplaceEntryAssembly(searchPath, build);

            // Polling the registry sees the commit within microseconds of it; the event comes only after the old
            // generation was verified collected, which is not part of "running the new build".
            var spin = new SpinWait();
            while (runtime.Registry.FindCommand(Command)?.Generation == generation)
            {
                spin.SpinOnce();
            }

            var latency = Stopwatch.GetElapsedTime(written).TotalMilliseconds;
            if (!reloaded.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("No Reloaded event within 30 s.");
            }

            if (i >= 2)
            {
                (i % 2 == 0 ? complete : fallback).Add(latency);
            }
        }

        return new ReloadLatencyResult(complete, fallback, options.Debounce.TotalMilliseconds, failures, collisions);
    }

    /// <summary>Reloads through the API, alternating builds, watching the footprint: it must plateau.</summary>
    public static ReloadSoakResult Soak(int cycles, int every)
    {
        var searchPath = Stage();
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [searchPath], Logger = Logger.None });
        runtime.Import(Name);
        var checkpoints = new List<SoakCheckpoint> { Footprint.Checkpoint(0) };
        var reloadMs = new List<double>(cycles);
        var leaks = 0;
        var failures = 0;
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            ReplaceEntryAssembly(searchPath, cycle % 2 == 1 ? "Versioned.V2" : "Versioned.V1");
            var started = Stopwatch.GetTimestamp();
            var result = runtime.ReloadAsync(Name).GetAwaiter().GetResult();
            reloadMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            failures += result.Succeeded ? 0 : 1;
            leaks += result.Unload is { Collected: false } ? 1 : 0;
            if (cycle % every == 0 || cycle == cycles)
            {
                checkpoints.Add(Footprint.Checkpoint(cycle));
            }
        }

        return new ReloadSoakResult(checkpoints, reloadMs, leaks, failures);
    }

    private static string Stage()
    {
        var searchPath = Directory.CreateTempSubdirectory("pluginhost-reload-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(searchPath, Name)).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(BenchmarkPaths.FixturesRoot, "Versioned.V1")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return searchPath;
    }

    /// <summary>Copies a build's files over the plugin's, in the order a build writes them, as MSBuild's Copy task does.</summary>
    /// <returns>The timestamp right after the last copy.</returns>
    private static long CopyBuild(string searchPath, string build, ref int collisions)
    {
        foreach (var file in (string[])["Versioned.deps.json", "Versioned.runtimeconfig.json", Name + ".dll", Name + ".pdb"])
        {
            // A reader that opens the file the instant File.Copy does makes it fail on Linux (its shared lock
            // against the copy's exclusive one); MSBuild retries. Counted, so a watcher that gets in the way shows.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    File.Copy(Path.Combine(BenchmarkPaths.FixturesRoot, build, file), Path.Combine(searchPath, Name, file), overwrite: true);
                    break;
                }
                catch (IOException) when (attempt < 10)
                {
                    collisions++;
                }
            }
        }

        return Stopwatch.GetTimestamp();
    }

    /// <summary>Writes the build's DLL beside the plugin under a temporary name and renames it into place.</summary>
    /// <returns>The timestamp right after the rename.</returns>
    private static long ReplaceEntryAssembly(string searchPath, string build)
    {
        var target = Path.Combine(searchPath, Name, Name + ".dll");
        var temp = target + ".tmp";
        File.Copy(Path.Combine(BenchmarkPaths.FixturesRoot, build, Name + ".dll"), temp, overwrite: true);
        File.Move(temp, target, overwrite: true);
        return Stopwatch.GetTimestamp();
    }
}

/// <summary>The footprint of the process: working set, managed heap, live load contexts, loaded assemblies.</summary>
internal static class Footprint
{
    /// <summary>
    /// Flat means no generation piles up: live load contexts and assemblies in collectible (plugin) contexts
    /// are the same at the end as halfway, and the working set grew at most 5% over the second half. The
    /// first half is warm-up: the JIT, the GC sizing its heap and framework assemblies loaded on first use
    /// into the default context (those are counted in the table, not held against the soak). The tiered
    /// JIT's tier-1 recompiles come after some seconds of cycles (they wait while new tier-0 code keeps
    /// being compiled, as every new generation's is) and bring a one-time step of a few MB: with tiering
    /// off the soak is flat from its first checkpoint. So a soak runs long enough for that step to fall in its first half.
    /// </summary>
    public const string Criterion =
        "Flat means: the same live load contexts and plugin-context assemblies at the end as halfway, and at most 5% working-set growth over the second half "
        + "(the first half is warm-up: JIT, GC heap sizing, framework assemblies loaded on first use into the default context, and the tiered JIT's "
        + "recompiling of the host's hot methods, which loads what they inline and comes only after a few seconds of cycles).";

    public static (bool Flat, string Verdict) Plateau(IReadOnlyList<SoakCheckpoint> checkpoints, string unit)
    {
        var last = checkpoints[^1];
        var half = checkpoints.Where(c => c.Cycle <= last.Cycle / 2).MaxBy(c => c.Cycle)!;
        var growth = (last.WorkingSetMb - half.WorkingSetMb) / half.WorkingSetMb;
        var flat = last.LoadContexts <= half.LoadContexts && last.PluginAssemblies <= half.PluginAssemblies && growth <= 0.05;
        return (flat, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(flat ? "flat" : "NOT flat")} — from {unit} {half.Cycle} to {last.Cycle}: load contexts {half.LoadContexts} → {last.LoadContexts}, plugin assemblies {half.PluginAssemblies} → {last.PluginAssemblies}, working set {growth * 100:F1}%"));
    }

    public static SoakCheckpoint Checkpoint(int cycle)
    {
        using var process = Process.GetCurrentProcess();
        return new SoakCheckpoint(
            cycle,
            process.WorkingSet64 / 1048576.0,
            GC.GetTotalMemory(forceFullCollection: true) / 1048576.0,
            AssemblyLoadContext.All.Count(),
            AppDomain.CurrentDomain.GetAssemblies().Length,
            AssemblyLoadContext.All.Where(c => c.IsCollectible).Sum(c => c.Assemblies.Count()));
    }
}
