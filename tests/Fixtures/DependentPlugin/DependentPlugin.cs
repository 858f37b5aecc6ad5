using PluginHost;

namespace DependentPlugin;

/// <summary>Imports CountingPlugin through its context and builds a command on top of it.</summary>
public sealed class DependentPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        var dependency = context.Import("CountingPlugin");
        context.Registry.AddCommand("dependent.echo", $"Calls {dependency.Name} generation {dependency.Generation}.",
            input => "dependent sees: " + context.Registry.Invoke("counting.echo", input));
    }
}
