using FixtureContracts;
using PluginHost;

namespace TypedGreeter;

/// <summary>Implements the host's contracts, in two builds (V1, V2) that a reload swaps.</summary>
public sealed class TypedGreeterPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        context.Registry.Add<IGreeting>(new Greeting());
        context.Registry.AddFactory<ITextTransform>(() => new Shout(), "shout");
    }

    private sealed class Greeting : IGreeting
    {
        public string Greet(string who) => $"{BuildInfo.Version}: Hello, {who}";

        public async Task<string> GreetWhenAsync(string who, Task gate)
        {
            await gate.ConfigureAwait(false);
            return Greet(who);
        }
    }

    private sealed class Shout : ITextTransform
    {
        public string Transform(string text) => $"{text.ToUpperInvariant()} ({BuildInfo.Version})";
    }
}
