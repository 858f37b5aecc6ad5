using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using McMaster.NETCore.Plugins;
using PluginHost.Benchmarks.Support;
using Serilog.Core;

namespace PluginHost.Benchmarks.Micro;

/// <summary>
/// A cold import of a small plugin (find, context, load, Register, first call) into a fresh collectible
/// context, against a bare collectible <see cref="AssemblyLoadContext"/> (the baseline) and a bare
/// McMaster <see cref="PluginLoader"/>. Every iteration unloads what it loaded and waits until it was
/// collected, outside the measurement, so each one starts from the same state. Goal: at most 1.5× the baseline.
/// </summary>
/// <remarks>
/// The host warms up like any long-lived process: its own code is jitted after the first import, but each
/// iteration loads the plugin into a new context, so the plugin's assembly is loaded and its code jitted anew.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 40)]
public class ColdImportBenchmarks
{
    private const string Name = BenchmarkPaths.Counting;
    private const string TypeName = "CountingPlugin.CountingPlugin";

    private string _assemblyPath = null!;
    private PluginRuntime _runtime = null!;
    private AssemblyLoadContext? _context;
    private PluginLoader? _loader;

    [GlobalSetup]
    public void Setup()
    {
        _assemblyPath = BenchmarkPaths.FixtureAssembly(Name);
        _runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [BenchmarkPaths.FixturesRoot], Logger = Logger.None });
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark]
    public string HostImport()
    {
        _runtime.Import(Name);
        return _runtime.Registry.Invoke(BenchmarkPaths.CountingEcho, "bench");
    }

    [Benchmark(Baseline = true)]
    public string RawLoadContext()
    {
        _context = new AssemblyLoadContext(Name, isCollectible: true);
        return RawPlugin.RegisterAndCall(_context.LoadFromAssemblyPath(_assemblyPath), TypeName, Name, BenchmarkPaths.CountingEcho);
    }

    [Benchmark]
    public string McMasterLoader()
    {
        _loader = PluginLoader.CreateFromAssemblyFile(_assemblyPath, isUnloadable: true, sharedTypes: [typeof(IPlugin)], config => config.LoadInMemory = true);
        return RawPlugin.RegisterAndCall(_loader.LoadDefaultAssembly(), TypeName, Name, BenchmarkPaths.CountingEcho);
    }

    [IterationCleanup(Target = nameof(HostImport))]
    public void UnloadHost()
    {
        if (_runtime.UnloadAsync(Name).GetAwaiter().GetResult() is not { Collected: true })
        {
            throw new InvalidOperationException("The host did not collect the plugin it unloaded; the benchmark leaks.");
        }
    }

    [IterationCleanup(Target = nameof(RawLoadContext))]
    public void UnloadRaw() => Collection.UnloadAndWait(ref _context);

    [IterationCleanup(Target = nameof(McMasterLoader))]
    public void UnloadMcMaster()
    {
        var context = ContextOf(_loader!);
        _loader!.Dispose();
        _loader = null;
        if (!Collection.WaitFor(context))
        {
            throw new InvalidOperationException("McMaster's load context was not collected; the benchmark leaks.");
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference ContextOf(PluginLoader loader) =>
        new(AssemblyLoadContext.GetLoadContext(loader.LoadDefaultAssembly()));
}
