using System.Reflection;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>The built-in loaders, for custom finders that produce specs of ordinary files.</summary>
public static class PluginLoaders
{
    /// <summary>
    /// Loads a plugin's entry assembly file with McMaster.NETCore.Plugins: collectible, read into memory
    /// (the file is never locked, so it can be rebuilt while loaded), dependencies from the plugin's own
    /// folder and <c>.deps.json</c>, <see cref="SharedAssemblies"/> from the host.
    /// </summary>
    public static IPluginLoader AssemblyFile { get; } = new AssemblyFileLoader();

    /// <summary>
    /// A loader for an assembly image held in memory, for finders whose plugins have no file of their own
    /// (a database, an encrypted archive, a compiler). Each load gets a new collectible context; the
    /// shared assemblies come from the host and other references from the framework.
    /// </summary>
    /// <param name="assembly">The assembly image; copied, so the caller may reuse its buffer.</param>
    /// <param name="symbols">The portable PDB for the image, or empty for none.</param>
    /// <param name="dependencyDirectory">A folder the plugin's other assemblies load from (as from a plugin's own folder), or null for none.</param>
    /// <returns>A loader that loads that image.</returns>
    /// <exception cref="ArgumentException"><paramref name="assembly"/> is empty.</exception>
    public static IPluginLoader FromMemory(ReadOnlyMemory<byte> assembly, ReadOnlyMemory<byte> symbols = default, string? dependencyDirectory = null)
    {
        if (assembly.IsEmpty)
        {
            throw new ArgumentException("The assembly image is empty.", nameof(assembly));
        }

        return new InMemoryLoader(assembly.ToArray(), symbols.ToArray(), dependencyDirectory);
    }

    /// <summary>The assemblies every plugin shares with the host: the abstractions and Serilog.</summary>
    public static IReadOnlyList<AssemblyName> SharedAssemblies { get; } =
        [typeof(IPlugin).Assembly.GetName(), typeof(Serilog.ILogger).Assembly.GetName()];
}
