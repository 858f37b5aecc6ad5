using System.Reflection;
using System.Runtime.Loader;

namespace PluginHost.Hooks;

/// <summary>
/// A plugin's entry assembly in its own load context: collectible in development mode, and then disposing
/// it unloads the context; non-collectible in production mode, where disposing it does nothing.
/// Only the built-in loaders create one (<c>PluginLoaders</c>); a custom loader fetches or unpacks the
/// plugin, then hands it to one of them.
/// </summary>
public sealed class LoadedAssembly : IDisposable
{
    private Action? _unload;

    /// <summary>Wraps a loaded entry assembly.</summary>
    /// <param name="entryAssembly">The plugin's entry assembly.</param>
    /// <param name="unload">Unloads the assembly's context; called once, on <see cref="Dispose"/>. Null for a non-collectible context, which never unloads.</param>
    /// <exception cref="ArgumentException">The assembly is in the default context, or <paramref name="unload"/> is given for a context that is not collectible.</exception>
    internal LoadedAssembly(Assembly entryAssembly, Action? unload)
    {
        ArgumentNullException.ThrowIfNull(entryAssembly);
        var context = AssemblyLoadContext.GetLoadContext(entryAssembly);
        if (context is null || ReferenceEquals(context, AssemblyLoadContext.Default) || (unload is not null && !context.IsCollectible))
        {
            throw new ArgumentException("A plugin assembly must be loaded into a load context of its own, collectible when it is to be unloaded.", nameof(entryAssembly));
        }

        EntryAssembly = entryAssembly;
        LoadContext = context;
        _unload = unload;
    }

    /// <summary>The plugin's entry assembly.</summary>
    public Assembly EntryAssembly { get; }

    /// <summary>The context the assembly was loaded into.</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <summary>How long creating the load context took, when the loader measured it apart from loading the assembly.</summary>
    internal TimeSpan ContextCreation { get; init; }

    /// <summary>Unloads a collectible load context; it is collected once nothing references its types. Does nothing for a non-collectible one.</summary>
    public void Dispose() => Interlocked.Exchange(ref _unload, null)?.Invoke();
}
