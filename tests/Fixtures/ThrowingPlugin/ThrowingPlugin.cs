using PluginHost;

namespace ThrowingPlugin;

/// <summary>Registers one command, then throws: the host must discard the command and unload the plugin.</summary>
public sealed class ThrowingPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        context.Registry.AddCommand("throwing.partial", "Must never become visible.", _ => "partial");
        throw new InvalidOperationException("the database is on fire");
    }
}
