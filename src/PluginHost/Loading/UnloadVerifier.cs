using System.Runtime.CompilerServices;

namespace PluginHost.Loading;

/// <summary>
/// Proves a released load context was collected: a bounded loop of full, blocking GCs watching a weak
/// reference. It never waits forever; a context still alive after the last pass is a leak to report.
/// </summary>
internal static class UnloadVerifier
{
    public const int DefaultMaxPasses = 12;

    public static (bool Collected, int Passes) WaitForCollection(WeakReference context, int maxPasses = DefaultMaxPasses)
    {
        for (var pass = 1; pass <= maxPasses; pass++)
        {
            if (!context.IsAlive)
            {
                return (true, pass - 1);
            }

            Collect();
            if (!context.IsAlive)
            {
                return (true, pass);
            }

            // Unloading finishes on the finalizer thread; give it a moment between passes, growing slowly.
            Thread.Sleep(Math.Min(5 * pass, 50));
        }

        return (false, maxPasses);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
