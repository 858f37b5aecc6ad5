using PluginHost;

namespace RequiringPlugin;

/// <summary>Declares ManifestPlugin in its plugin.toml, so the host imports that first; Register only checks it is there.</summary>
public sealed class RequiringPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        var dependency = context.Import("ManifestPlugin");
        context.Registry.AddCommand("requiring.hello", $"Uses {dependency.Name}.", input => "requiring sees: " + context.Registry.Invoke("manifestplugin.hello", input));
    }
}
