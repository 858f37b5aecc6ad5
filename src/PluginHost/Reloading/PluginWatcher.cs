using System.Collections.Concurrent;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Runtime;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Keeps one <see cref="WatchedPlugin"/> per loaded, reloadable plugin, including plugins imported later,
/// and one per configured, enabled, reloadable plugin that is not loaded (it failed at start, or its build
/// is not there yet): that one watches where the plugin would be found and imports it when its files
/// change, reported as a <see cref="ReloadResult"/> with <see cref="ReloadResult.OldGeneration"/> 0. Once
/// imported, it is watched like any loaded plugin. When the runtime came from a configuration file, that
/// file is watched too and each edit applied. Disposing it stops every source and timer, cancels and
/// awaits the reloads, imports and edits still running.
/// </summary>
internal sealed class PluginWatcher : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WatchedPlugin> _watched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notLoaded = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ModuleTable _table;
    private readonly ImportTransaction _transaction;
    private readonly Reloader _reloader;
    private readonly HotReloadOptions _options;
    private readonly Func<string, bool> _isReloadable;
    private readonly MissingPlugins _missing;
    private readonly Func<ConfigurationWatch?> _watchConfiguration;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private ConfigurationWatch? _configurationWatch;
    private bool _disposed;

    public PluginWatcher(
        ModuleTable table,
        ImportTransaction transaction,
        Reloader reloader,
        HotReloadOptions options,
        Func<string, bool> isReloadable,
        MissingPlugins missing,
        Func<ConfigurationWatch?> watchConfiguration,
        TimeProvider time,
        ILogger log)
    {
        _watchConfiguration = watchConfiguration;
        _table = table;
        _transaction = transaction;
        _reloader = reloader;
        _options = options;
        _isReloadable = isReloadable;
        _missing = missing;
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

        WatchAllMissing();
        _configurationWatch = _watchConfiguration();
    }

    /// <summary>
    /// After an accepted edit of the configuration: stops watching the plugins it removed, and watches
    /// the configured plugins that are still not loaded (added ones whose import failed, say).
    /// </summary>
    public void Reconfigured(IReadOnlyList<string> removed)
    {
        var stopped = new List<WatchedPlugin>();
        lock (_gate)
        {
            if (_disposed || !_options.Enabled)
            {
                return;
            }

            foreach (var name in removed)
            {
                if (_watched.TryRemove(name, out var watched))
                {
                    _notLoaded.Remove(name);
                    stopped.Add(watched);
                }
            }
        }

        foreach (var watched in stopped)
        {
            _ = watched.DisposeAsync().AsTask();
        }

        WatchAllMissing();
    }

    private void WatchAllMissing()
    {
        foreach (var entry in _missing.Configured().Entries.Where(e => e.Enabled && _isReloadable(e.Name)))
        {
            WatchMissing(entry);
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
        if (_configurationWatch is not null)
        {
            await _configurationWatch.DisposeAsync().ConfigureAwait(false);
        }

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

        IReadOnlyList<WatchedFolder> folders = [WatchedFolder.For(plugin)];
        WatchedPlugin? replaced;
        lock (_gate)
        {
            if (_disposed || (_watched.TryGetValue(plugin.Name, out replaced) && replaced.Folders.SequenceEqual(folders) && !_notLoaded.Contains(plugin.Name)))
            {
                return;
            }

            _watched[plugin.Name] = new WatchedPlugin(Reload, plugin.Name, Path.GetFileName(plugin.Origin), folders, _options, _time, _log);
            if (_notLoaded.Remove(plugin.Name))
            {
                // A plugin that failed because it required this one (RequirementNotFound) has nothing of its own to change.
                NudgeRequirersOf(plugin.Name);
            }
        }

        // When a reload moved the plugin to another folder, or a missing plugin was imported (perhaps by
        // its own watch, whose import finishes first); the old watch stops.
        _ = replaced?.DisposeAsync().AsTask();
    }

    private void WatchMissing(PluginEntry entry)
    {
        var folders = WatchedFolder.ForMissing(entry, _missing.Configured().SearchPaths);
        lock (_gate)
        {
            if (_disposed || _table.TryGet(entry.Name, out _) || _watched.ContainsKey(entry.Name))
            {
                return;
            }

            _log.Information("{Plugin} is configured but not loaded; watching where it would be found, to import it when its files change", entry.Name);
            var entryName = entry.Path is { } pinned && Path.HasExtension(pinned) ? Path.GetFileName(pinned) : entry.Name + ".dll";
            _watched[entry.Name] = new WatchedPlugin(Import, entry.Name, entryName, folders, _options, _time, _log);
            _notLoaded.Add(entry.Name);
        }
    }

    /// <summary>Tries again the plugins not loaded whose manifest requires <paramref name="imported"/>, now that it is loaded. Called under the gate.</summary>
    private void NudgeRequirersOf(string imported)
    {
        foreach (var name in _notLoaded)
        {
            if (RequiredBy(name).Contains(imported, StringComparer.Ordinal) && _watched.TryGetValue(name, out var watched))
            {
                watched.Nudge($"requirement {imported} imported");
            }
        }
    }

    private IEnumerable<string> RequiredBy(string name)
    {
        try
        {
            return _missing.Find(name).Spec?.Manifest?.Requires.Select(r => r.Name) ?? [];
        }
        catch (PluginImportException)
        {
            // Its manifest is broken, or a finder threw: its own files must change before it can import.
            return [];
        }
    }

    private Task<ReloadResult> Reload(string name, string trigger) =>
        _reloader.ReloadAsync(name, trigger, cascade: true, _stopping.Token);

    /// <summary>The runtime's normal import of a plugin that is not loaded; its outcome is reported as a reload from generation 0.</summary>
    private Task<ReloadResult> Import(string name, string trigger)
    {
        if (_stopping.IsCancellationRequested || _table.TryGet(name, out _))
        {
            // Stopping, or imported meanwhile by someone else (its commit moved this watch to the loaded plugin).
            return Task.FromCanceled<ReloadResult>(_stopping.IsCancellationRequested ? _stopping.Token : new CancellationToken(canceled: true));
        }

        var result = ReloadResult.OfFirstImport(name, trigger, _missing.Import);
        if (result.Error is { } failure)
        {
            _log.Error("Import of {Plugin} failed ({Failure}); it is still not loaded and still watched: {Reason}", name, failure.Failure, failure.Message);
        }
        else
        {
            _log.Information("Imported {Plugin} generation {Generation} ({Trigger}) after it had not been loaded", name, result.NewGeneration, trigger);
        }

        try
        {
            _missing.Report(result);
        }
#pragma warning disable CA1031 // A subscriber's bug must not break the import that already happened.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.Error(e, "A Reloaded event handler threw for {Plugin}", name);
        }

        return Task.FromResult(result);
    }

}
