using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;

namespace PluginHost.Loading;

/// <summary>
/// What a plugin's context treats as its "default" context when the plugin requires others: the
/// required plugins' assemblies come from their own contexts (Python's <c>from a import Foo</c> gives the
/// very class <c>a</c> defined), everything else from where shared assemblies come from. Collectible,
/// and unloaded with the plugin's context, so it holds the required generations only as long as the
/// requiring one lives.
/// </summary>
internal sealed class RequiredPluginsContext(string plugin, ImmutableDictionary<string, Assembly> fromPlugins, AssemblyLoadContext shared, bool collectible)
    : AssemblyLoadContext($"PluginHost:{plugin} requirements", collectible)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && fromPlugins.TryGetValue(name, out var assembly))
        {
            return assembly;
        }

        // Null falls back to the default context, which is where shared assemblies live unless a plugin made this runtime.
        return ReferenceEquals(shared, Default) ? null : shared.LoadFromAssemblyName(assemblyName);
    }
}
