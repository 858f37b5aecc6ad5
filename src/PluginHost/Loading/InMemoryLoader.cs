using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>Loads an assembly image (and its optional symbols) held in memory into a new context, collectible unless the runtime is in production mode.</summary>
internal sealed class InMemoryLoader(ReadOnlyMemory<byte> assembly, ReadOnlyMemory<byte> symbols, string? dependencyDirectory = null) : IPluginLoader
{
    public string Name => "memory";

    public LoadedAssembly Load(PluginSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var context = new InMemoryLoadContext($"PluginHost:{spec.Name}", dependencyDirectory, spec.Sharing.With(spec.Manifest?.SharedAssemblies ?? []), spec.Unloadable);
        try
        {
            using var image = new MemoryStream(assembly.ToArray(), writable: false);
            using var pdb = symbols.IsEmpty ? null : new MemoryStream(symbols.ToArray(), writable: false);
            return new LoadedAssembly(context.LoadFromStream(image, pdb), spec.Unloadable ? context.Unload : null);
        }
        catch when (spec.Unloadable)
        {
            context.Unload();
            throw;
        }
    }
}
