using System.Reflection;

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

    /// <summary>The assemblies every plugin shares with the host: the abstractions and Serilog.</summary>
    public static IReadOnlyList<AssemblyName> SharedAssemblies { get; } =
        [typeof(IPlugin).Assembly.GetName(), typeof(Serilog.ILogger).Assembly.GetName()];
}
