using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using PluginHost.Benchmarks.Support;
using PluginHost.Configuration;
using PluginHost.Results;
using Serilog.Core;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// The speed-at-scale measurements, each in a fresh process over the generated ReadyToRun plugins:
/// <c>ImportAll</c> in either mode (serial or parallel) against bare contexts of either kind, and the
/// retirement of every plugin at once against bare contexts unloaded and verified together.
/// </summary>
internal static class ScaleChild
{
    public static ScaleResult Import(string mode, string path, int count, int parallelism)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        PluginRuntime? runtime = null;
        var loaded = mode switch
        {
            "bare-collectible" => LoadBare(path, count, collectible: true).Count,
            "bare-r2r" => LoadBare(path, count, collectible: false).Count,
            "development" => ImportAll(runtime = Runtime(path, count, RuntimeMode.Development, parallelism)),
            "production" => ImportAll(runtime = Runtime(path, count, RuntimeMode.Production, parallelism)),
            _ => throw new ArgumentException($"Unknown mode '{mode}'."),
        };
        var elapsed = Stopwatch.GetElapsedTime(started);
        var perPlugin = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;

        // Not disposed: the process ends right after, and disposal is measured on its own (Retire).
        var phases = runtime?.Loaded.Select(p => p.Trace!.Phases).ToList() ?? [];
        double Mean(Func<ImportPhases, TimeSpan> phase) => phases.Count == 0 ? 0 : phases.Average(p => phase(p).TotalMicroseconds);
        return new ScaleResult(
            elapsed.TotalMilliseconds, loaded, GC.CollectionCount(0), GC.GetTotalPauseDuration().TotalMilliseconds, perPlugin,
            Mean(p => p.Find), Mean(p => p.LoadContext), Mean(p => p.LoadAssembly), Mean(p => p.Register), Mappings());
    }

    // What the kernel's vm.max_map_count limits: every context's loader heaps, images and (W^X) double-mapped code.
    private static int Mappings() => File.Exists("/proc/self/maps") ? File.ReadLines("/proc/self/maps").Count() : 0;

    /// <summary>What McMaster's context costs before it loads anything: the AssemblyDependencyResolver it creates, per plugin (µs).</summary>
    public static double ResolverMicroseconds(string path, int count)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= count; i++)
        {
            var name = PluginGenerator.NameOf(i);
            _ = new AssemblyDependencyResolver(Path.Combine(path, name, name + ".dll"));
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / count;
    }

    /// <summary>
    /// The floor of running each Register on a thread of its own: the median round trip of an empty call handed to a
    /// parked thread, the caller spinning for its return (as the host's caller does), between stretches of
    /// 500 µs of work on the calling thread (an import's other phases), so the other core has gone idle as it
    /// has during an import (µs).
    /// </summary>
    public static double HandoffMicroseconds(int count)
    {
        var gate = new object();
        Action? work = null;
        var worker = new Thread(() =>
        {
            while (true)
            {
                Action next;
                lock (gate)
                {
                    while (work is null)
                    {
                        Monitor.Wait(gate);
                    }

                    (next, work) = (work, null);
                }

                next();
            }
        })
        { IsBackground = true };
        worker.Start();
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var busyUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2_000);
            while (Stopwatch.GetTimestamp() < busyUntil)
            {
                Thread.SpinWait(20);
            }

            var done = 0;
            var started = Stopwatch.GetTimestamp();
            lock (gate)
            {
                work = () => Volatile.Write(ref done, 1);
                Monitor.Pulse(gate);
            }

            var spinner = default(SpinWait);
            while (Volatile.Read(ref done) == 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return times.Order().ElementAt(count / 2);
    }

    /// <summary>Imports <paramref name="count"/> plugins in development mode, then times the runtime's disposal: every generation stopped, released and verified collected.</summary>
    public static RetireResult Retire(string path, int count)
    {
        // Leaks are logged as warnings, one per generation still alive after the verification.
        var leaks = new WarningCounter();
        using var logger = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(leaks).CreateLogger();
        var runtime = new PluginRuntime(Options(path, count, RuntimeMode.Development, Environment.ProcessorCount) with { Logger = logger });
        var loaded = ImportAll(runtime);
        var started = Stopwatch.GetTimestamp();
        runtime.Dispose();
        var hostMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // The same number of bare contexts, unloaded together and verified with one loop of the same GC passes.
        var references = LoadBareAndRelease(path, count);
        started = Stopwatch.GetTimestamp();
        var collected = WaitForAll(references);
        var bareMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new RetireResult(hostMs, bareMs, loaded, leaks.Count, collected);
    }

    private static int ImportAll(PluginRuntime runtime) => runtime.ImportAll().Count(o => o.Status == ImportStatus.Loaded);

    private static PluginRuntime Runtime(string path, int count, RuntimeMode mode, int parallelism) => new(Options(path, count, mode, parallelism));

    private static PluginRuntimeOptions Options(string path, int count, RuntimeMode mode, int parallelism) => new()
    {
        SearchPaths = [path],
        Plugins = [.. Enumerable.Range(1, count).Select(i => new PluginEntry { Name = PluginGenerator.NameOf(i) })],
        Mode = mode,
        ImportParallelism = parallelism,
        Logger = Logger.None,
    };

    // The baselines: one bare context per plugin, loaded from its path, the known type created and registered.
    private static List<AssemblyLoadContext> LoadBare(string path, int count, bool collectible)
    {
        var registry = new BareRegistry();
        var contexts = new List<AssemblyLoadContext>(count);
        for (var i = 1; i <= count; i++)
        {
            var name = PluginGenerator.NameOf(i);
            var context = new AssemblyLoadContext(name, collectible);
            var folder = Path.Combine(path, name);
            var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, name + ".dll"));
            var plugin = (IPlugin)Activator.CreateInstance(assembly.GetType(PluginGenerator.TypeNameOf(i), throwOnError: true)!)!;
            plugin.Register(new BareContext(name, folder, registry));
            contexts.Add(context);
        }

        return contexts;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> LoadBareAndRelease(string path, int count)
    {
        var contexts = LoadBare(path, count, collectible: true);
        var references = contexts.ConvertAll(c => new WeakReference(c));
        foreach (var context in contexts)
        {
            context.Unload();
        }

        return references;
    }

    private static int WaitForAll(List<WeakReference> references)
    {
        for (var pass = 0; pass < 20 && references.Exists(r => r.IsAlive); pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        return references.Count(r => !r.IsAlive);
    }

    private sealed class WarningCounter : Serilog.Core.ILogEventSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Emit(Serilog.Events.LogEvent logEvent) => Interlocked.Increment(ref _count);
    }
}
