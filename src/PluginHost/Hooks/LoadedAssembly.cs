using System.Reflection;
using System.Runtime.Loader;

namespace PluginHost.Hooks;

/// <summary>
/// A plugin's entry assembly in its own collectible load context. Disposing it unloads the context.
/// Only the built-in loaders create one (<c>PluginLoaders</c>); a custom loader fetches or unpacks the
/// plugin, then hands it to one of them.
/// </summary>
public sealed class LoadedAssembly : IDisposable
{
    private Action? _unload;

    /// <summary>Wraps a loaded entry assembly.</summary>
    /// <param name="entryAssembly">The plugin's entry assembly.</param>
    /// <param name="unload">Unloads the assembly's context; called once, on <see cref="Dispose"/>.</param>
    /// <exception cref="ArgumentException">The assembly is not in a collectible load context.</exception>
    internal LoadedAssembly(Assembly entryAssembly, Action unload)
    {
        ArgumentNullException.ThrowIfNull(entryAssembly);
        ArgumentNullException.ThrowIfNull(unload);
        var context = AssemblyLoadContext.GetLoadContext(entryAssembly);
        if (context is null || !context.IsCollectible)
        {
            throw new ArgumentException("A plugin assembly must be loaded into a collectible AssemblyLoadContext.", nameof(entryAssembly));
        }

        EntryAssembly = entryAssembly;
        LoadContext = context;
        _unload = unload;
    }

    /// <summary>The plugin's entry assembly.</summary>
    public Assembly EntryAssembly { get; }

    /// <summary>The collectible context the assembly was loaded into.</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <summary>How long creating the load context took, when the loader measured it apart from loading the assembly.</summary>
    internal TimeSpan ContextCreation { get; init; }

    /// <summary>Unloads the load context. The context is collected once nothing references its types.</summary>
    public void Dispose() => Interlocked.Exchange(ref _unload, null)?.Invoke();
}
