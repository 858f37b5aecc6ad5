namespace PluginHost.Hooks;

/// <summary>
/// Loads the assembly a spec points at into a new load context: the first half of Python's
/// <c>create_module</c> + <c>exec_module</c>. The host then finds the plugin's <see cref="IPlugin"/>
/// type, creates it and runs its <see cref="IPlugin.Register"/>.
/// </summary>
/// <remarks>
/// Each call must create a new context (collectible, unless the runtime is in production mode) in which <c>PluginHost.Abstractions</c> and Serilog
/// resolve to the host's copies (<c>PluginLoaders.SharedAssemblies</c>), or the plugin's types
/// will not match the host's.
/// </remarks>
public interface IPluginLoader
{
    /// <summary>A short name shown in traces, such as <c>assembly-file</c>.</summary>
    string Name { get; }

    /// <summary>Loads the plugin's entry assembly into a new load context (collectible in development mode).</summary>
    /// <param name="spec">The spec a finder returned.</param>
    /// <returns>The loaded assembly; disposing it unloads its context.</returns>
    /// <exception cref="BadImageFormatException">The origin is not a .NET assembly.</exception>
    /// <exception cref="FileNotFoundException">The origin or one of its dependencies is missing.</exception>
    LoadedAssembly Load(PluginSpec spec);
}
