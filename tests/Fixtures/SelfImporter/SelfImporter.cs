using PluginHost;

namespace SelfImporter;

/// <summary>Imports itself during Register, as a Python module that imports itself gets its partial self.</summary>
public sealed class SelfImporter : IPlugin
{
    public void Register(IPluginContext context)
    {
        var self = context.Import(context.Name);
        var observed = $"{self.State}; same instance: {ReferenceEquals(self.Instance, this)}";
        context.Registry.AddCommand("self.observed", "What the plugin saw when it imported itself.", _ => observed);
    }
}
