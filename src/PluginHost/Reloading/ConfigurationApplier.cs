using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Runtime;
using Serilog;

namespace PluginHost.Reloading;

/// <summary>
/// Applies an edited configuration to a running runtime, one edit at a time. The edit as a whole is
/// checked first and rejected with nothing changed when it would break what stays (a plugin removed
/// that a remaining one imports); then removed plugins unload, the new plugin list and search path
/// take over at once, changed plugins reload, and added ones import, each its own transaction.
/// </summary>
internal sealed class ConfigurationApplier(
    Resolver resolver, ModuleTable table, ImportTransaction transaction, Reloader reloader, HostConfiguration? applied, ILogger log)
    : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private HostConfiguration? _applied = applied;

    /// <summary>Raised after an edit was applied, with the plugins it removed: watchers forget those and watch the plugins still not loaded.</summary>
    public event Action<IReadOnlyList<string>>? Applied;

    /// <summary>Raised for every edit applied or rejected.</summary>
    public event Action<ConfigurationChangeResult>? Changed;

    /// <summary>Raised for every import of a plugin an edit added, as the runtime's <c>Reloaded</c> from generation 0.</summary>
    public event Action<ReloadResult>? Imported;

    /// <summary>A watch of the runtime's configuration file that applies each edit; null when the runtime came from no file.</summary>
    public ConfigurationWatch? WatchFile(string? file, HotReloadOptions hotReload, TimeProvider time) =>
        file is null ? null : new ConfigurationWatch(file, hotReload, (trigger, cancellationToken) => ApplyFileAsync(file, trigger, cancellationToken), time, log);

    /// <summary>Reads the configuration file again and applies it; a file that is not valid is rejected with nothing changed.</summary>
    private async Task ApplyFileAsync(string file, string trigger, CancellationToken cancellationToken)
    {
        HostConfiguration edited;
        try
        {
            edited = HostConfiguration.Load(file);
        }
        catch (PluginConfigurationException e)
        {
            log.Error("The edit of {File} was rejected; the running plugins are unchanged: {Reason}", e.File, e.Message);
            Raise(Changed, new ConfigurationChangeResult { Trigger = trigger, Error = e });
            return;
        }

        await ApplyAsync(edited, trigger, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="OperationCanceledException">Cancelled while waiting for an earlier edit, or between the plugins of this one (those already done stay done).</exception>
    public async Task<ConfigurationChangeResult> ApplyAsync(HostConfiguration next, string trigger, CancellationToken cancellationToken) =>
        Raise(Changed, await ApplyOneAsync(next, trigger, cancellationToken).ConfigureAwait(false));

    public void Dispose() => _oneAtATime.Dispose();

    // A subscriber's bug must not break the change that already happened.
    private T Raise<T>(Action<T>? handler, T result)
    {
        try
        {
            handler?.Invoke(result);
        }
#pragma warning disable CA1031 // Logged, and the change stands.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.Error(e, "An event handler of the runtime threw while reporting an edit of the configuration");
        }

        return result;
    }

    private async Task<ConfigurationChangeResult> ApplyOneAsync(HostConfiguration next, string trigger, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var edit = ConfigurationEdit.Between(resolver.Configured, _applied, next);
            if (StillImported(edit, next) is { } rejected)
            {
                log.Error("The edit of {File} was rejected; the running plugins are unchanged: {Reason}", next.SourceFile, rejected.Message);
                return new ConfigurationChangeResult { Trigger = trigger, Error = rejected };
            }

            var unloaded = new List<UnloadResult>();
            foreach (var name in edit.Removed)
            {
                if (await reloader.UnloadAsync(name, cancellationToken).ConfigureAwait(false) is { } unload)
                {
                    unloaded.Add(unload);
                    log.Information("Unloaded {Plugin} generation {Generation}: it was removed from {File}", name, unload.Generation, next.SourceFile);
                }
            }

            resolver.Configured = new ConfiguredPlugins(next.Plugins, [.. next.SearchPaths.Select(p => p.Path)]);
            _applied = next;
            var reloaded = await ReloadAsync(edit, trigger, cancellationToken).ConfigureAwait(false);
            var imported = Import([.. edit.Added, .. edit.Changed.Where(e => !table.TryGet(e.Name, out _))], trigger, cancellationToken);
            if (edit.RestartRequired.Count > 0)
            {
                log.Warning("{Keys} changed in {File}; restart the host to apply them", edit.RestartRequired, next.SourceFile);
            }

            Applied?.Invoke(edit.Removed);
            return new ConfigurationChangeResult { Trigger = trigger, Unloaded = unloaded, Reloaded = reloaded, Imported = imported, RestartRequired = edit.RestartRequired };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The edit's error when it removes a plugin that a plugin staying loaded imports.</summary>
    private PluginConfigurationException? StillImported(ConfigurationEdit edit, HostConfiguration next)
    {
        var file = next.SourceFile ?? "the configuration";
        var errors = new List<ConfigurationError>();
        foreach (var name in edit.Removed)
        {
            var importers = table.DependentsOf(name).Where(d => !edit.Removed.Contains(d, StringComparer.Ordinal)).ToList();
            if (importers.Count > 0)
            {
                var importer = next.Plugins.FirstOrDefault(p => p.Name == importers[0]);
                errors.Add(new ConfigurationError(importer?.Location ?? new SourceLocation(file, 1, 1), Messages.RemovedPluginStillImported(name, importers)));
            }
        }

        return errors.Count == 0 ? null : new PluginConfigurationException(file, errors);
    }

    /// <summary>
    /// Reloads the changed plugins that are loaded, then (when the search path moved) every loaded plugin
    /// the new search path resolves to other files. A plugin reloaded as a dependent is not reloaded again.
    /// </summary>
    private async Task<List<ReloadResult>> ReloadAsync(ConfigurationEdit edit, string trigger, CancellationToken cancellationToken)
    {
        var results = new List<ReloadResult>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in edit.Changed.Select(e => e.Name).Concat(edit.SearchPathChanged ? ResolvedElsewhere() : []))
        {
            if (done.Contains(name) || !table.TryGet(name, out _))
            {
                continue;
            }

            var result = await reloader.ReloadAsync(name, trigger, cascade: true, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            done.Add(name);
            done.UnionWith(result.Dependents.Select(d => d.Name));
        }

        return results;
    }

    /// <summary>The loaded plugins not pinned to a path whose name now resolves to another file.</summary>
    private IEnumerable<string> ResolvedElsewhere()
    {
        foreach (var plugin in table.Modules.OrderBy(p => p.LoadOrder).ToList())
        {
            if (resolver.Configured.Pinned.Claims(plugin.Name) || resolver.TryFind(plugin.Name)?.Spec is not { } spec)
            {
                continue;
            }

            if (!string.Equals(spec.Origin, plugin.Origin, StringComparison.Ordinal))
            {
                yield return plugin.Name;
            }
        }
    }

    private List<ReloadResult> Import(IReadOnlyList<PluginEntry> entries, string trigger, CancellationToken cancellationToken)
    {
        var results = new List<ReloadResult>();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = ReloadResult.OfFirstImport(entry.Name, trigger, name => transaction.Import(name));
            if (result.Error is { } e)
            {
                log.Error("{Plugin}, added to the configuration, could not be imported ({Failure}): {Reason}", entry.Name, e.Failure, e.Message);
            }

            results.Add(result);
            Raise(Imported, result);
        }

        return results;
    }
}
