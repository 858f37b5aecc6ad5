using System.Reflection;
using System.Runtime.Loader;

namespace PluginHost.Loading;

/// <summary>
/// A collectible context for an assembly that has no file of its own (bytes from a caller, a compiler or
/// an archive). The shared assemblies fall through to the host's default context, so their types match;
/// other dependencies come from <paramref name="dependencyDirectory"/> when one is given, read into memory
/// so no file is locked, and otherwise from the default context (the framework).
/// </summary>
internal sealed class InMemoryLoadContext(string name, string? dependencyDirectory) : AssemblyLoadContext(name, isCollectible: true)
{
    private static readonly HashSet<string> s_shared =
        new(PluginLoaders.SharedAssemblies.Select(a => a.Name!), StringComparer.OrdinalIgnoreCase);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } simpleName || s_shared.Contains(simpleName) || dependencyDirectory is null)
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
