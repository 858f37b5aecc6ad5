using System.Diagnostics;
using PluginHost.Diagnostics;
using PluginHost.Registration;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// Reloads and unloads: the import transaction run with a predecessor, then the predecessor retired;
/// plugins that imported a reloaded one are reloaded after it. Every outcome, success or failure,
/// becomes a <see cref="ReloadResult"/> and a <see cref="Reloaded"/> event; only cancellation throws.
/// </summary>
internal sealed class Reloader(ModuleTable table, ImportTransaction transaction, PluginRegistry registry, Retirer retirer, ILogger log)
{
    /// <summary>Raised after every reload attempt, on the thread that reloaded: the plugin's, then each dependent's.</summary>
    public event Action<ReloadResult>? Reloaded;

    /// <exception cref="OperationCanceledException">Cancelled: before the commit nothing changed; after it the new generation serves and the old one is released unverified.</exception>
    public async Task<ReloadResult> ReloadAsync(string name, string trigger, bool cascade, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        LoadedPlugin old;
        (LoadedPlugin Plugin, Registrations Replaced) committed;
        using (transaction.Locks.Enter(name))
        {
            if (!table.TryGet(name, out old))
            {
                var notLoaded = new PluginImportException(name, ImportFailure.NotFound, Messages.ReloadNotLoaded(name));
                return Report(new ReloadResult { Name = name, Trigger = trigger, OldGeneration = 0, Error = notLoaded });
            }

            try
            {
                committed = transaction.Run(name, old, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var error = e as PluginImportException
                    ?? new PluginImportException(name, ImportFailure.Unexpected, Messages.UnexpectedFailure(name, "reload", e), e);
                log.Error(
                    "Reload of {Plugin} failed ({Failure}); generation {Generation} keeps serving: {Reason}",
                    name, error.Failure, old.Generation, error.Message);
                return Report(new ReloadResult { Name = name, Trigger = trigger, OldGeneration = old.Generation, Error = error, Elapsed = Stopwatch.GetElapsedTime(started) });
            }
        }

        var current = committed.Plugin;
        var elapsed = Stopwatch.GetElapsedTime(started);
        log.Information(
            "Reloaded {Plugin} generation {OldGeneration} -> {Generation} ({Trigger}) in {ElapsedMs:F1} ms",
            name, old.Generation, current.Generation, trigger, elapsed.TotalMilliseconds);
        transaction.RaiseCommitted(current);
        var unload = await retirer.RetireAsync(new Retirer.Retiree(old, committed.Replaced), cancellationToken).ConfigureAwait(false);
        var result = Report(new ReloadResult
        {
            Name = name,
            Trigger = trigger,
            OldGeneration = old.Generation,
            NewGeneration = current.Generation,
            Elapsed = elapsed,
            Unload = unload,
        });
        if (!cascade)
        {
            return result;
        }

        // Each dependent's reload raises its own event, after this plugin's.
        var dependents = new List<ReloadResult>();
        foreach (var dependent in table.DependentsOf(name))
        {
            dependents.Add(await ReloadAsync(dependent, $"dependency {name} reloaded", cascade: false, cancellationToken).ConfigureAwait(false));
        }

        return result with { Dependents = dependents };
    }

    /// <summary>Removes a plugin from the cache and the registry, then retires it.</summary>
    /// <returns>What was unloaded; null when the plugin was not loaded.</returns>
    public async Task<UnloadResult?> UnloadAsync(string name, CancellationToken cancellationToken) =>
        Remove(name) is { } retiree ? await retirer.RetireAsync(retiree, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>Unloads every cached plugin not in <paramref name="keep"/>, newest first, verified together.</summary>
    /// <remarks>A plugin still in Register() holds its lock until Register returns, which may be never: everything else is released first.</remarks>
    public async Task<IReadOnlyList<UnloadResult>> UnloadAllExceptAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var modules = table.Modules.Where(p => !keep.Contains(p.Name)).OrderByDescending(p => p.LoadOrder).ToList();
        var ready = await retirer.RetireAllAsync(RemoveAll(modules.Where(p => p.State != PluginState.Registering)), cancellationToken).ConfigureAwait(false);
        var registering = await retirer.RetireAllAsync(RemoveAll(modules.Where(p => p.State == PluginState.Registering)), cancellationToken).ConfigureAwait(false);
        return [.. ready, .. registering];
    }

    private List<Retirer.Retiree> RemoveAll(IEnumerable<LoadedPlugin> plugins) => [.. plugins.Select(p => Remove(p.Name)).OfType<Retirer.Retiree>()];

    private Retirer.Retiree? Remove(string name)
    {
        using (transaction.Locks.Enter(name))
        {
            return table.Remove(name) is { } plugin ? new Retirer.Retiree(plugin, registry.Replace(name, Registrations.None)) : null;
        }
    }

    private ReloadResult Report(ReloadResult result)
    {
        try
        {
            Reloaded?.Invoke(result);
        }
#pragma warning disable CA1031 // A subscriber's bug must not break the reload that already happened.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.Error(e, "A Reloaded event handler threw for {Plugin}", result.Name);
        }

        return result;
    }
}
