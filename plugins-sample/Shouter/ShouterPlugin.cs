using PluginHost;

namespace Shouter;

/// <summary>A plugin that builds on another: it imports Greeter and shouts its greeting.</summary>
public sealed class ShouterPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        // Importing makes sure Greeter is loaded and registered first, whatever the TOML order says;
        // if Greeter is already loaded this is a cache hit and its Register does not run again.
        var greeter = context.Import("Greeter");
        context.Logger.Information("Shouter builds on {Dependency} generation {Generation}", greeter.Name, greeter.Generation);

        // Look the command up at call time, not once here: the call then always reaches the current
        // Greeter, even after it is reloaded.
        context.Registry.AddCommand(
            "shout",
            "Greets like Greeter, but louder.",
            who => context.Registry.Invoke("greet", who).ToUpperInvariant());
    }
}
