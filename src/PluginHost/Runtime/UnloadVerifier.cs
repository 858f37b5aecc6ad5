using System.Runtime.CompilerServices;

namespace PluginHost.Runtime;

/// <summary>
/// Proves released load contexts were collected: a bounded loop of full, blocking GCs watching weak
/// references. It never waits forever; a context still alive after the last pass is a leak to report.
/// </summary>
internal static class UnloadVerifier
{
    public const int DefaultMaxPasses = 12;

    // Most contexts are gone after two or three back-to-back passes; only a straggler is waited for.
    private const int ImmediatePasses = 3;

    /// <summary>Collects until every context is gone or the passes run out.</summary>
    /// <returns>For each context, in order: whether it was collected, and after how many passes.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled between passes.</exception>
    public static async Task<IReadOnlyList<(bool Collected, int Passes)>> WaitForCollectionAsync(
        IReadOnlyList<WeakReference> contexts, TimeProvider time, CancellationToken cancellationToken, int maxPasses = DefaultMaxPasses)
    {
        var results = new (bool Collected, int Passes)[contexts.Count];
        for (var i = 0; i < contexts.Count; i++)
        {
            results[i] = (!contexts[i].IsAlive, 0);
        }

        for (var pass = 1; pass <= maxPasses && results.Any(r => !r.Collected); pass++)
        {
            Collect();
            for (var i = 0; i < contexts.Count; i++)
            {
                if (!results[i].Collected && !contexts[i].IsAlive)
                {
                    results[i] = (true, pass);
                }
            }

            if (pass >= ImmediatePasses && pass < maxPasses && results.Any(r => !r.Collected))
            {
                // Unloading finishes on the finalizer thread; give it a moment between passes, growing slowly.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5 * pass, 50)), time, cancellationToken).ConfigureAwait(false);
            }
        }

        for (var i = 0; i < contexts.Count; i++)
        {
            if (!results[i].Collected)
            {
                results[i] = (false, maxPasses);
            }
        }

        return results;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
