using System.Runtime.CompilerServices;
using PluginHost.Diagnostics;
using PluginHost.Loading;
using PluginHost.Registration;

namespace PluginHost;

/// <summary>Unloading: retire a generation, release its context, verify it was collected.</summary>
public sealed partial class PluginRuntime
{
    /// <summary>
    /// Unloads a plugin: removes it from the cache and its registrations from the registry, lets it
    /// dispose, releases its load context and verifies that the context was collected.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>What was unloaded and whether its context was collected; null when the plugin was not loaded.</returns>
    public UnloadResult? Unload(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Remove(name) is var (plugin, commands) ? Retire(plugin, commands) : null;
    }

    /// <summary>
    /// Stops nothing but unloads every plugin, newest first, without waiting to verify collection: a
    /// host shutting down has no use for the proof, and <see cref="Unload"/> gives it when it matters.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var loaded in _cache.Values.OrderByDescending(p => p.LoadOrder))
        {
            if (Remove(loaded.Name) is var (plugin, commands))
            {
                plugin.Lease.Retire(_options.HotReload.QuiesceTimeout);
                foreach (var command in commands)
                {
                    command.Detach();
                }

                plugin.Release(PluginState.Unloaded, _log);
            }
        }
    }

    private (LoadedPlugin Plugin, IReadOnlyList<RegisteredCommand> Commands)? Remove(string name)
    {
        using (_locks.Enter(name))
        {
            if (!_cache.TryRemove(name, out var plugin))
            {
                return null;
            }

            ForgetImports(name);
            return (plugin, Registry.Replace(name, []));
        }
    }

    /// <summary>
    /// Lets the calls running in a replaced or unloaded generation finish, detaches its commands,
    /// disposes and releases it, and verifies its context was collected.
    /// </summary>
    private UnloadResult Retire(LoadedPlugin plugin, IReadOnlyList<RegisteredCommand> commands)
    {
        var timeout = _options.HotReload.QuiesceTimeout;
        if (!plugin.Lease.Retire(timeout))
        {
            _log.Warning(
                "Calls into {Plugin} generation {Generation} still running after {TimeoutSeconds} s; releasing it anyway",
                plugin.Name, plugin.Generation, timeout.TotalSeconds);
        }

        foreach (var command in commands)
        {
            command.Detach();
        }

        var context = Release(plugin);
        return Verify(plugin.Name, plugin.Generation, context);
    }

    // Kept out of line so no local of the caller's frame holds the plugin's types once it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference Release(LoadedPlugin plugin)
    {
        plugin.Release(PluginState.Unloaded, _log);
        return plugin.ContextReference;
    }

    private UnloadResult Verify(string name, int generation, WeakReference context)
    {
        var (collected, passes) = UnloadVerifier.WaitForCollection(context);
        if (!collected)
        {
            _log.Warning(
                "Load context of {Plugin} generation {Generation} is still alive after {GcPasses} GC passes: {LeakReport}",
                name, generation, passes, Messages.UnloadLeak(name, generation, passes));
        }
        else
        {
            _log.Information("Unloaded {Plugin} generation {Generation}; load context collected after {GcPasses} GC passes", name, generation, passes);
        }

        return new UnloadResult(name, generation, collected, passes);
    }
}
