using FixtureContracts;
using PluginHost;

namespace Calculator;

/// <summary>Registers one <see cref="ICalculator"/> instance: the cheapest possible implementation of a host contract.</summary>
public sealed class CalculatorPlugin : IPlugin
{
    public void Register(IPluginContext context) => context.Registry.Add<ICalculator>(new Adder());

    private sealed class Adder : ICalculator
    {
        public int Add(int a, int b) => a + b;

        // Small results come from the runtime's cache of completed tasks, so a direct call allocates nothing.
        public Task<int> AddAsync(int a, int b) => Task.FromResult(a + b);
    }
}
