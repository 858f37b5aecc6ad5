using System.Collections.Concurrent;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>Keeps one <see cref="WatchedPlugin"/> per loaded, reloadable plugin, including plugins imported later.</summary>
internal sealed class PluginWatcher(PluginRuntime runtime, HotReloadOptions options, ILogger log) : IDisposable
{
    private readonly ConcurrentDictionary<string, WatchedPlugin> _watched = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    public void Start()
    {
        if (!options.Enabled)
        {
            log.Information("Hot reload is disabled in the configuration; plugins load once and are not watched");
            return;
        }

        runtime.Imported += Watch;
        foreach (var plugin in runtime.Loaded)
        {
            Watch(plugin);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            runtime.Imported -= Watch;
        }

        foreach (var watched in _watched.Values)
        {
            watched.Dispose();
        }

        _watched.Clear();
    }

    private void Watch(LoadedPlugin plugin)
    {
        if (!runtime.IsHotReloadEnabled(plugin.Name) || !File.Exists(plugin.Origin))
        {
            return;
        }

        var folder = WatchedFolder.For(plugin);
        lock (_gate)
        {
            if (_disposed || (_watched.TryGetValue(plugin.Name, out var existing) && existing.Folder == folder))
            {
                return;
            }

            existing?.Dispose();
            _watched[plugin.Name] = new WatchedPlugin(runtime, plugin.Name, folder, options, log);
        }
    }
}
