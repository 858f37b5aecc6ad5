using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using PluginHost.Benchmarks.Support;
using PluginHost.Results;
using Serilog.Core;

namespace PluginHost.Benchmarks.Micro;

/// <summary>
/// A cached import (Python's <c>import m</c> when <c>m</c> is in <c>sys.modules</c>) against the bare
/// look-ups it is built on. Goal: at most 15 ns and no allocation.
/// </summary>
[MemoryDiagnoser]
public class CachedImportBenchmarks
{
    private const string Name = BenchmarkPaths.Counting;

    private PluginRuntime _runtime = null!;
    private Dictionary<string, object> _dictionary = null!;
    private ConcurrentDictionary<string, object> _concurrent = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [BenchmarkPaths.FixturesRoot], Logger = Logger.None });
        var plugin = _runtime.Import(Name);
        _dictionary = new Dictionary<string, object>(StringComparer.Ordinal) { [Name] = plugin };
        _concurrent = new ConcurrentDictionary<string, object>(StringComparer.Ordinal) { [Name] = plugin };
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark(Baseline = true)]
    public object DictionaryLookup() => _dictionary[Name];

    [Benchmark]
    public object ConcurrentDictionaryLookup() => _concurrent[Name];

    [Benchmark]
    public LoadedPlugin CachedImport() => _runtime.Import(Name);
}
