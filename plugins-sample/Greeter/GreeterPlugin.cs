using PluginHost;

namespace Greeter;

/// <summary>The smallest useful plugin: one command, configured from the host's TOML.</summary>
public sealed class GreeterPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        // Per-plugin settings come from plugins.toml: { name = "Greeter", settings = { greeting = "Hello" } }.
        var greeting = context.Settings.GetValueOrDefault("greeting", "Hello");
        context.Registry.AddCommand("greet", "Greets whoever the input names.", who => $"{greeting}, {who}!");
        context.Logger.Information("Greeter registered with greeting {Greeting}", greeting);
    }
}
