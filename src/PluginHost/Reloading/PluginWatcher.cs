using System.Collections.Concurrent;
using PluginHost.Configuration;
using PluginHost.Results;
using PluginHost.Runtime;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Keeps one <see cref="WatchedPlugin"/> per loaded, reloadable plugin, including plugins imported later.
/// Disposing it stops every source and timer, cancels and awaits the reloads still running.
/// </summary>
internal sealed class PluginWatcher : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WatchedPlugin> _watched = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ModuleTable _table;
    private readonly ImportTransaction _transaction;
    private readonly Reloader _reloader;
    private readonly HotReloadOptions _options;
    private readonly Func<string, bool> _isReloadable;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private bool _disposed;

    public PluginWatcher(
        ModuleTable table, ImportTransaction transaction, Reloader reloader, HotReloadOptions options, Func<string, bool> isReloadable, TimeProvider time, ILogger log)
    {
        _table = table;
        _transaction = transaction;
        _reloader = reloader;
        _options = options;
        _isReloadable = isReloadable;
        _time = time;
        _log = log;
    }

    /// <summary>The names watched now.</summary>
    public IReadOnlyCollection<string> WatchedNames => [.. _watched.Keys];

    public void Start()
    {
        if (!_options.Enabled)
        {
            _log.Information("Hot reload is disabled in the configuration; plugins load once and are not watched");
            return;
        }

        _transaction.Committed += Watch;
        foreach (var plugin in _table.Modules)
        {
            Watch(plugin);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _transaction.Committed -= Watch;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var watched in _watched.Values)
        {
            await watched.DisposeAsync().ConfigureAwait(false);
        }

        _watched.Clear();
        _stopping.Dispose();
    }

    private void Watch(LoadedPlugin plugin)
    {
        if (!_isReloadable(plugin.Name) || !File.Exists(plugin.Origin))
        {
            return;
        }

        var folder = WatchedFolder.For(plugin);
        WatchedPlugin? replaced;
        lock (_gate)
        {
            if (_disposed || (_watched.TryGetValue(plugin.Name, out replaced) && replaced.Folder == folder))
            {
                return;
            }

            _watched[plugin.Name] = new WatchedPlugin(Reload, plugin.Name, folder, _options, _time, _log);
        }

        // Only when a reload moved the plugin to another folder; its own reload, if running, finishes first.
        _ = replaced?.DisposeAsync().AsTask();
    }

    private Task<ReloadResult> Reload(string name, string trigger) =>
        _reloader.ReloadAsync(name, trigger, cascade: true, _stopping.Token);
}
