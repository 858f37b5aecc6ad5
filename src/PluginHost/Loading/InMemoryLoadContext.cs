using System.Reflection;
using System.Runtime.Loader;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>
/// A context (collectible unless the runtime is in production mode) for an assembly that has no file of its own (bytes from a caller, a compiler or
/// an archive). The shared assemblies fall through to the host's default context, so their types match;
/// other dependencies come from <paramref name="dependencyDirectory"/> when one is given, read into memory
/// so no file is locked, and otherwise from the default context (the framework).
/// </summary>
internal sealed class InMemoryLoadContext(string name, string? dependencyDirectory, AssemblySharing sharing, bool collectible) : AssemblyLoadContext(name, collectible)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } simpleName)
        {
            return null;
        }

        if (sharing.Names.Contains(simpleName))
        {
            // The host's copy, from the context it lives in (the default one unless a plugin made this runtime).
            return ReferenceEquals(sharing.From, Default) ? null : sharing.From.LoadFromAssemblyName(assemblyName);
        }

        if (dependencyDirectory is null)
        {
            return null;
        }

        var candidate = Path.Combine(dependencyDirectory, simpleName + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        using var image = new MemoryStream(File.ReadAllBytes(candidate));
        return LoadFromStream(image);
    }
}
