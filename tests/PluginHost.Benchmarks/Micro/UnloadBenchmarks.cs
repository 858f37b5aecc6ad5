using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PluginHost.Benchmarks.Support;
using Serilog.Core;

namespace PluginHost.Benchmarks.Micro;

/// <summary>
/// Unloading one generation and proving it was collected (<see cref="PluginRuntime.UnloadAsync"/> returns
/// Collected), against unloading a bare collectible context and waiting for it the same way.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 40)]
public class UnloadBenchmarks
{
    private const string Name = BenchmarkPaths.Counting;

    private string _assemblyPath = null!;
    private PluginRuntime _runtime = null!;
    private AssemblyLoadContext? _context;

    [GlobalSetup]
    public void Setup()
    {
        _assemblyPath = BenchmarkPaths.FixtureAssembly(Name);
        _runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [BenchmarkPaths.FixturesRoot], Logger = Logger.None });
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [IterationSetup(Target = nameof(HostUnloadVerified))]
    public void ImportIntoHost() => ImportOutOfLine(_runtime);

    [IterationSetup(Target = nameof(RawUnloadAndCollect))]
    public void LoadRaw() => _context = LoadOutOfLine(_assemblyPath);

    [Benchmark]
    public async Task<bool> HostUnloadVerified() =>
        await _runtime.UnloadAsync(Name).ConfigureAwait(false) is { Collected: true } ? true : throw new InvalidOperationException("The unloaded generation was not collected.");

    [Benchmark(Baseline = true)]
    public bool RawUnloadAndCollect()
    {
        Collection.UnloadAndWait(ref _context);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ImportOutOfLine(PluginRuntime runtime) => runtime.Import(Name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AssemblyLoadContext LoadOutOfLine(string path)
    {
        var context = new AssemblyLoadContext(Name, isCollectible: true);
        RawPlugin.RegisterAndCall(context.LoadFromAssemblyPath(path), "CountingPlugin.CountingPlugin", Name, BenchmarkPaths.CountingEcho);
        return context;
    }
}
