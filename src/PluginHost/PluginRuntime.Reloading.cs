using System.Collections.Immutable;
using System.Diagnostics;
using PluginHost.Diagnostics;
using PluginHost.Registration;
using PluginHost.Reloading;

namespace PluginHost;

/// <summary>Hot reload: transactional reloads, their events, dependents, and the file watcher.</summary>
public sealed partial class PluginRuntime
{
    /// <summary>
    /// Reloads a plugin transactionally: the new build is found and loaded into a new context beside
    /// the running one and registers into staging; only when that succeeds do the cache entry and the
    /// registrations switch over, all at once. Calls already running in the old generation finish on
    /// the old code; then it is disposed, released, and verified collected. Plugins that imported this
    /// one are reloaded after it, in dependency order.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Stops the reload before the new build is loaded.</param>
    /// <returns>The outcome. When it failed (missing or broken build, Register threw) the old generation is still serving and <see cref="ReloadResult.Error"/> says why.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the reload started.</exception>
    public Task<ReloadResult> ReloadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Task.Run(() => Reload(name, "reload requested", cascade: true), cancellationToken);
    }

    /// <summary>
    /// Raised after every reload attempt, successful or not, on the thread that reloaded: once for the
    /// plugin, then once for each dependent reloaded after it.
    /// </summary>
    public event EventHandler<ReloadResult>? Reloaded;

    /// <summary>
    /// Starts watching the files of every loaded plugin (and of plugins imported later) and reloads a
    /// plugin when they change, as <see cref="PluginRuntimeOptions.HotReload"/> says. Results are raised
    /// through <see cref="Reloaded"/>.
    /// </summary>
    /// <returns>Dispose it to stop watching.</returns>
    public IDisposable StartWatching()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var watcher = new PluginWatcher(this, _options.HotReload, _log);
        watcher.Start();
        return watcher;
    }

    internal bool IsHotReloadEnabled(string name) =>
        _options.HotReload.Enabled && (!_configured.TryGetValue(name, out var entry) || entry.HotReload);

    internal event Action<LoadedPlugin>? Imported;

    internal ReloadResult Reload(string name, string trigger, bool cascade)
    {
        var started = Stopwatch.GetTimestamp();
        LoadedPlugin old;
        LoadedPlugin current;
        IReadOnlyList<RegisteredCommand> replaced;
        using (_locks.Enter(name))
        {
            if (!_cache.TryGetValue(name, out old!))
            {
                var notLoaded = new PluginImportException(name, ImportFailure.NotFound, Messages.ReloadNotLoaded(name));
                return Report(new ReloadResult { Name = name, Trigger = trigger, OldGeneration = 0, Error = notLoaded });
            }

            try
            {
                var found = Find(name);
                var spec = found.Spec ?? throw NotFound(name, found);
                ImportRequirements(spec);
                var pending = Prepare(spec);
                RecordRequirements(spec);
                replaced = RegisterAndCommit(pending);
                current = pending.Plugin;
                _cache[name] = current;
            }
            catch (PluginImportException e)
            {
                _log.Error(
                    "Reload of {Plugin} failed ({Failure}); generation {Generation} keeps serving: {Reason}",
                    name, e.Failure, old.Generation, e.Message);
                return Report(new ReloadResult
                {
                    Name = name,
                    Trigger = trigger,
                    OldGeneration = old.Generation,
                    Error = e,
                    Elapsed = Stopwatch.GetElapsedTime(started),
                });
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _log.Information(
            "Reloaded {Plugin} generation {OldGeneration} -> {Generation} ({Trigger}) in {ElapsedMs:F1} ms",
            name, old.Generation, current.Generation, trigger, elapsed.TotalMilliseconds);
        Imported?.Invoke(current);

        var result = Report(new ReloadResult
        {
            Name = name,
            Trigger = trigger,
            OldGeneration = old.Generation,
            NewGeneration = current.Generation,
            Elapsed = elapsed,
            Unload = Retire(old, replaced),
        });

        // Each dependent's reload raises its own event, after this plugin's.
        return cascade
            ? result with { Dependents = [.. DependentsOf(name).Select(d => Reload(d, $"dependency {name} reloaded", cascade: false))] }
            : result;
    }

    private void RecordImport(string importer, string name) =>
        ImmutableInterlocked.AddOrUpdate(ref _imports, importer, [name], (_, set) => set.Add(name));

    // A new generation records its imports afresh; an unloaded plugin imports nothing.
    private void ForgetImports(string importer) =>
        ImmutableInterlocked.Update(ref _imports, static (map, n) => map.Remove(n), importer);

    /// <summary>Called by a plugin's context: records that <paramref name="importer"/> depends on <paramref name="name"/>, then imports it.</summary>
    internal LoadedPlugin ImportFor(string importer, string name)
    {
        RecordImport(importer, name);
        WarnIfRegisterCycle(importer, name);
        return Import(name);
    }

    private ReloadResult Report(ReloadResult result)
    {
        try
        {
            Reloaded?.Invoke(this, result);
        }
#pragma warning disable CA1031 // A subscriber's bug must not break the reload that already happened.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.Error(e, "A Reloaded event handler threw for {Plugin}", result.Name);
        }

        return result;
    }

    /// <summary>Every loaded plugin that imported <paramref name="name"/>, directly or not, dependencies first.</summary>
    private List<string> DependentsOf(string name)
    {
        var imports = _imports;
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([name]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var (importer, dependencies) in imports)
            {
                if (dependencies.Contains(next) && importer != name && found.Add(importer))
                {
                    queue.Enqueue(importer);
                }
            }
        }

        return [.. found
            .Select(n => _cache.TryGetValue(n, out var p) ? p : null)
            .OfType<LoadedPlugin>()
            .OrderBy(p => p.ReadyOrder)
            .Select(p => p.Name)];
    }
}
