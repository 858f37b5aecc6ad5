using PluginHost;

namespace Reverser;

/// <summary>A plugin that lives in a zip archive, found by the sample's custom ZipArchiveFinder.</summary>
public sealed class ReverserPlugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.AddCommand("reverse", "Reverses the input (loaded from plugins.zip).", text => new string([.. text.Reverse()]));
}
