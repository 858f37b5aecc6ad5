using System.Runtime.CompilerServices;
using PluginHost.Diagnostics;
using PluginHost.Registration;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// Ends replaced and unloaded generations: quiesces their leases (calls already inside finish on the old
/// code), stops them, detaches their registrations, lets them dispose, releases their load contexts, and verifies the
/// contexts were collected, naming any that leaked. Every wait is on <see cref="TimeProvider"/> and
/// awaited, never a blocked or spinning thread. Every retirement in flight shares the runtime's one
/// verification loop (<see cref="UnloadVerifier"/>). A generation in a non-collectible context
/// (production mode) is stopped and disposed but never unloaded, so it is not verified.
/// </summary>
internal sealed class Retirer(TimeSpan quiesceTimeout, LifecycleCalls lifecycle, UnloadVerifier verifier, ILogger log)
{
    /// <summary>A generation to retire, and the commands it had registered.</summary>
    public sealed record Retiree(LoadedPlugin Plugin, Registrations Registrations);

    /// <summary>Retires one generation.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled: the generation is released all the same, but its collection is not verified.</exception>
    public async Task<UnloadResult> RetireAsync(Retiree retiree, CancellationToken cancellationToken) =>
        (await RetireAllAsync([retiree], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Retires generations together, newest first as given: all are quiesced and released before the
    /// verification loop watches them all, so shutting down many plugins costs one round of GCs.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled: every generation is released all the same, but collection is not verified.</exception>
    public async Task<IReadOnlyList<UnloadResult>> RetireAllAsync(IReadOnlyList<Retiree> retirees, CancellationToken cancellationToken)
    {
        var contexts = new List<WeakReference>(retirees.Count);
        try
        {
            foreach (var (plugin, _) in retirees)
            {
                await QuiesceAsync(plugin, cancellationToken).ConfigureAwait(false);
                await lifecycle.StopAsync(plugin, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever happened while waiting, nothing retired may keep running or pin its context.
            foreach (var (plugin, registrations) in retirees)
            {
                registrations.Detach();
                contexts.Add(Release(plugin));
            }
        }

        // Only collectible contexts can be collected; a production generation stays loaded by design.
        var collectible = new List<WeakReference>(contexts.Count);
        for (var i = 0; i < retirees.Count; i++)
        {
            if (retirees[i].Plugin.IsCollectible)
            {
                collectible.Add(contexts[i]);
            }
        }

        var verdicts = await verifier.VerifyAsync(collectible, cancellationToken).ConfigureAwait(false);
        var results = new UnloadResult[retirees.Count];
        for (int i = 0, verified = 0; i < retirees.Count; i++)
        {
            var (name, generation) = (retirees[i].Plugin.Name, retirees[i].Plugin.Generation);
            if (!retirees[i].Plugin.IsCollectible)
            {
                log.Information("Stopped {Plugin} generation {Generation}; in production mode its load context stays loaded until the process exits", name, generation);
                results[i] = new UnloadResult(name, generation, Collected: false, GcPasses: 0);
                continue;
            }

            var (collected, passes) = verdicts[verified++];
            if (collected)
            {
                log.Information("Unloaded {Plugin} generation {Generation}; load context collected after {GcPasses} GC passes", name, generation, passes);
            }
            else
            {
                log.Warning(
                    "Load context of {Plugin} generation {Generation} is still alive after {GcPasses} GC passes: {LeakReport}",
                    name, generation, passes, Messages.UnloadLeak(name, generation, passes));
            }

            results[i] = new UnloadResult(name, generation, collected, passes) { LoadContext = collected ? null : contexts[i] };
        }

        return results;
    }

    private async Task QuiesceAsync(LoadedPlugin plugin, CancellationToken cancellationToken)
    {
        if (!await plugin.Lease.RetireAsync(quiesceTimeout, lifecycle.Time, cancellationToken).ConfigureAwait(false))
        {
            log.Warning(
                "Calls into {Plugin} generation {Generation} still running after {TimeoutSeconds} s; releasing it anyway",
                plugin.Name, plugin.Generation, quiesceTimeout.TotalSeconds);
        }
    }

    // Kept out of line so no local of the caller's frame holds the plugin's types once it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference Release(LoadedPlugin plugin)
    {
        lifecycle.Release(plugin, PluginState.Unloaded);
        return plugin.ContextReference;
    }
}
