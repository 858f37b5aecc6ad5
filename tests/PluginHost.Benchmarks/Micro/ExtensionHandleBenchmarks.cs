using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using FixtureContracts;
using PluginHost.Benchmarks.Support;
using PluginHost.Registration;
using Serilog.Core;

namespace PluginHost.Benchmarks.Micro;

/// <summary>
/// One call to a plugin's <see cref="ICalculator.Add"/> through each way the host can reach a live
/// implementation, against an interface call on the very same object (the baseline). The plugin is the real
/// fixture <c>Calculator</c>, loaded into its own context; its method costs nothing, so what is left is the
/// handle. Goal: a call through a live handle within 10 ns of the direct call, 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class ExtensionHandleBenchmarks
{
    private PluginRuntime _runtime = null!;
    private ICalculator _direct = null!;
    private ExtensionHandle<ICalculator> _handle = null!;
    private ExtensionSet<ICalculator> _all = null!;
    private readonly int _operand = 2;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [BenchmarkPaths.FixturesRoot],
            SharedAssemblies = [BenchmarkPaths.Contracts],
            Logger = Logger.None,
        });
        _runtime.Import(BenchmarkPaths.Calculator);
        _handle = _runtime.Registry.Handle<ICalculator>();
        _all = _runtime.Registry.All<ICalculator>();
        using (var lease = _handle.Acquire())
        {
            // Kept past its lease on purpose: the plugin is never reloaded here, and the baseline needs the same object.
            _direct = lease.Value;
        }

        if (AssemblyLoadContext.GetLoadContext(_direct.GetType().Assembly) == AssemblyLoadContext.Default || _all.Count != 1)
        {
            throw new InvalidOperationException("The benchmark must call one implementation that lives in the plugin's own load context.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _all.Dispose();
        _runtime.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int DirectInterfaceCall() => _direct.Add(1, 2);

    [Benchmark]
    public int HandleInvoke() => _handle.Invoke(static calculator => calculator.Add(1, 2));

    [Benchmark]
    public int HandleInvokeWithState() => _handle.Invoke(_operand, static (calculator, operand) => calculator.Add(1, operand));

    [Benchmark]
    public int HandleAcquire()
    {
        using var lease = _handle.Acquire();
        return lease.Value.Add(1, 2);
    }

    /// <summary>The direct call's asynchronous twin: a completed, cached task, so it allocates nothing itself.</summary>
    [Benchmark]
    public Task<int> DirectInterfaceCallAsync() => _direct.AddAsync(1, 2);

    [Benchmark]
    public Task<int> HandleInvokeAsync() => _handle.InvokeAsync(static calculator => calculator.AddAsync(1, 2));

    [Benchmark]
    public IReadOnlyList<int> SetInvoke() => _all.Invoke(static calculator => calculator.Add(1, 2));
}
