using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>Loads an assembly image (and its optional symbols) held in memory into a new collectible context.</summary>
internal sealed class InMemoryLoader(ReadOnlyMemory<byte> assembly, ReadOnlyMemory<byte> symbols, string? dependencyDirectory = null) : IPluginLoader
{
    public string Name => "memory";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var context = new InMemoryLoadContext($"PluginHost:{spec.Name}", dependencyDirectory, spec.Sharing.With(spec.Manifest?.SharedAssemblies ?? []));
        try
        {
            using var image = new MemoryStream(assembly.ToArray(), writable: false);
            using var pdb = symbols.IsEmpty ? null : new MemoryStream(symbols.ToArray(), writable: false);
            return new LoadedAssembly(context.LoadFromStream(image, pdb), context.Unload);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }
}
