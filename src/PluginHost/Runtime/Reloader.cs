using System.Diagnostics;
using PluginHost.Configuration;
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
internal sealed class Reloader(ModuleTable table, ImportTransaction transaction, PluginRegistry registry, Retirer retirer, LifecycleCalls lifecycle, ILogger log)
{
    /// <summary>Raised after every reload attempt, on the thread that reloaded: the plugin's, then each dependent's.</summary>
    public event Action<ReloadResult>? Reloaded;

    /// <exception cref="OperationCanceledException">Cancelled: before the commit nothing changed; after it the new generation serves and the old one is released unverified.</exception>
    public async Task<ReloadResult> ReloadAsync(string name, string trigger, bool cascade, CancellationToken cancellationToken)
    {
        var replaced = new List<Retirer.Retiree>();
        var results = new List<ReloadResult> { Commit(name, trigger, replaced, cancellationToken) };
        if (cascade && results[0].Succeeded)
        {
            foreach (var dependent in table.DependentsOf(name))
            {
                results.Add(Commit(dependent, $"dependency {name} reloaded", replaced, cancellationToken));
            }
        }

        // Replaced generations retire only now: a dependent's old generation used the old types of what it
        // required, so those are collectable once the dependents moved on too. One verification for all.
        var unloads = await retirer.RetireAllAsync(replaced, cancellationToken).ConfigureAwait(false);
        var byGeneration = unloads.ToDictionary(u => (u.Name, u.Generation));
        var final = results.ConvertAll(r => r.Succeeded ? r with { Unload = byGeneration[(r.Name, r.OldGeneration)] } : r);
        final[0] = final[0] with { Dependents = final[1..] };

        // Each attempt raises its own event: the plugin's, then each dependent's.
        foreach (var result in final)
        {
            Report(result);
        }

        return final[0];
    }

    /// <summary>Runs the transaction with the serving generation as predecessor; the replaced one is added to <paramref name="replaced"/>.</summary>
    private ReloadResult Commit(string name, string trigger, List<Retirer.Retiree> replaced, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        LoadedPlugin old;
        (LoadedPlugin Plugin, Registrations Replaced) committed;
        using (transaction.Locks.Enter(name))
        {
            if (!table.TryGet(name, out old))
            {
                var notLoaded = new PluginImportException(name, ImportFailure.NotFound, Messages.ReloadNotLoaded(name));
                return new ReloadResult { Name = name, Trigger = trigger, OldGeneration = 0, Error = notLoaded };
            }

            // Stop-first frees what the old generation holds exclusively before the new one starts.
            var stopFirst = old.Manifest?.Reload == ReloadOrder.StopFirst && old.IsStarted;
            if (stopFirst && !lifecycle.Stop(old))
            {
                var abandoned = new PluginImportException(name, ImportFailure.TimedOut, Messages.PhaseTimedOut(name, old.Generation, "StopAsync()", lifecycle.Timeouts.Stop, "stop_ms"));
                return new ReloadResult { Name = name, Trigger = trigger, OldGeneration = old.Generation, Error = abandoned, Elapsed = Stopwatch.GetElapsedTime(started) };
            }

            try
            {
                committed = transaction.Run(name, old, cancellationToken);
            }
            catch (Exception e) when (stopFirst)
            {
                // The new generation failed: the old one, stopped for it, serves again.
                Restart(old);
                if (e is OperationCanceledException)
                {
                    throw;
                }

                return Failed(name, trigger, old, e, started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Failed(name, trigger, old, e, started);
            }
        }

        var current = committed.Plugin;
        var elapsed = Stopwatch.GetElapsedTime(started);
        log.Information(
            "Reloaded {Plugin} generation {OldGeneration} -> {Generation} ({Trigger}) in {ElapsedMs:F1} ms",
            name, old.Generation, current.Generation, trigger, elapsed.TotalMilliseconds);
        transaction.RaiseCommitted(current);
        replaced.Add(new Retirer.Retiree(old, committed.Replaced));
        return new ReloadResult { Name = name, Trigger = trigger, OldGeneration = old.Generation, NewGeneration = current.Generation, Elapsed = elapsed };
    }

    private ReloadResult Failed(string name, string trigger, LoadedPlugin old, Exception e, long started)
    {
        var error = e as PluginImportException
            ?? new PluginImportException(name, ImportFailure.Unexpected, Messages.UnexpectedFailure(name, "reload", e), e);
        log.Error(
            "Reload of {Plugin} failed ({Failure}); generation {Generation} keeps serving: {Reason}",
            name, error.Failure, old.Generation, error.Message);
        return new ReloadResult { Name = name, Trigger = trigger, OldGeneration = old.Generation, Error = error, Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    private void Restart(LoadedPlugin old)
    {
        try
        {
            lifecycle.Start(old, CancellationToken.None);
        }
        catch (PluginImportException e)
        {
            log.Error("Plugin {Plugin} generation {Generation} could not start again after its successor failed: {Reason}", old.Name, old.Generation, e.Message);
        }
    }

    /// <summary>Removes a plugin from the cache and the registry, then retires it.</summary>
    /// <returns>What was unloaded; null when the plugin was not loaded.</returns>
    public async Task<UnloadResult?> UnloadAsync(string name, CancellationToken cancellationToken) =>
        Remove(name) is { } retiree ? await retirer.RetireAsync(retiree, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>Unloads every cached plugin not in <paramref name="keep"/>, newest first, verified together.</summary>
    /// <remarks>
    /// A plugin still importing (in Register(), or not in the cache yet: a parallel ImportAll may be under way)
    /// holds its lock until its import ends, which may be never. Everything else is released first; then each of
    /// those is retired as soon as its own import ends, so one that never returns holds up none of the others.
    /// </remarks>
    public async Task<IReadOnlyList<UnloadResult>> UnloadAllExceptAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var modules = table.Modules.Where(p => !keep.Contains(p.Name)).OrderByDescending(p => p.LoadOrder).ToList();
        var ready = await retirer.RetireAllAsync(RemoveAll(modules.Where(p => p.State != PluginState.Registering)), cancellationToken).ConfigureAwait(false);
        var importing = modules.Where(p => p.State == PluginState.Registering).Select(p => p.Name)
            .Union(transaction.Importing, StringComparer.Ordinal)
            .Where(name => !keep.Contains(name))
            .Select(name => Task.Run(async () => Remove(name) is { } retiree ? await retirer.RetireAsync(retiree, cancellationToken).ConfigureAwait(false) : null, CancellationToken.None));
        var late = await Task.WhenAll(importing).ConfigureAwait(false);
        return [.. ready, .. late.OfType<UnloadResult>()];
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
