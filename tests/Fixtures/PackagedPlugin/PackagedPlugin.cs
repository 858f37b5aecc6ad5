using System.Reflection;
using PluginHost;

namespace PackagedPlugin;

/// <summary>Says which package version is running, through a dependency from another package.</summary>
public sealed class PackagedPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        var version = typeof(PackagedPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        context.Registry.AddCommand("packaged.version", "The running package version, decorated by PackagedHelper.",
            _ => PackagedHelper.Decorations.Star(version.Split('+')[0]));
    }
}
