using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PluginHost.Results;

namespace PluginHost.Leaks;

/// <summary>
/// Explains leaks: for a retired generation whose load context was not collected, finds every GC root
/// that still reaches an object of its types and says, per root, the path in plain words, whose root it
/// is and, for a known pattern, the fix. It takes a snapshot of the whole process (on Linux a temporary
/// core dump, removed afterwards) and walks its heap: seconds, and memory the size of the heap, so call it
/// on demand, never on a reload path. Explaining several leaks at once shares one snapshot.
/// </summary>
public static class LeakExplainer
{
    /// <summary>Explains one leak.</summary>
    /// <param name="leak">An unload or reload result whose <see cref="UnloadResult.Collected"/> is false.</param>
    /// <param name="options">Time limit and host assemblies; defaults when null.</param>
    /// <param name="cancellationToken">Stops the explanation; the snapshot is removed all the same.</param>
    /// <returns>Every root found, with its path; or that the generation was collected meanwhile.</returns>
    /// <exception cref="ArgumentException">The result is not a leak, or was not made by PluginRuntime.</exception>
    /// <exception cref="LeakSnapshotException">No snapshot could be taken or read here, or the time limit passed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<LeakExplanation> ExplainAsync(UnloadResult leak, LeakExplainerOptions? options = null, CancellationToken cancellationToken = default) =>
        (await ExplainAllAsync([leak], options, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Explains several leaks from one snapshot, which costs about as much as explaining one.</summary>
    /// <param name="leaks">Unload or reload results whose <see cref="UnloadResult.Collected"/> is false.</param>
    /// <param name="options">Time limit and host assemblies; defaults when null.</param>
    /// <param name="cancellationToken">Stops the explanation; the snapshot is removed all the same.</param>
    /// <returns>One explanation per leak, in order.</returns>
    /// <exception cref="ArgumentException">A result is not a leak, or was not made by PluginRuntime.</exception>
    /// <exception cref="LeakSnapshotException">No snapshot could be taken or read here, or the time limit passed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<IReadOnlyList<LeakExplanation>> ExplainAllAsync(
        IEnumerable<UnloadResult> leaks, LeakExplainerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaks);
        var list = leaks.ToList();
        foreach (var leak in list)
        {
            ArgumentNullException.ThrowIfNull(leak, nameof(leaks));
            if (leak.Collected)
            {
                throw new ArgumentException(LeakMessages.NotALeak(leak.Name, leak.Generation), nameof(leaks));
            }

            if (leak.LoadContext is null)
            {
                throw new ArgumentException(LeakMessages.NotFromRetirer(leak.Name, leak.Generation), nameof(leaks));
            }
        }

        return ExplainAsync(list, options ?? new LeakExplainerOptions(), cancellationToken);
    }

    /// <summary>How long the last explanation took and how large its snapshot was; for measurements.</summary>
    internal static (TimeSpan Elapsed, TimeSpan Snapshot, long SnapshotBytes) LastRun { get; private set; }

    /// <summary>Replaces taking a snapshot; tests use it to see the failure messages.</summary>
    internal static Func<HeapSnapshot> TakeSnapshot { get; set; } = HeapSnapshot.Take;

    private static async Task<IReadOnlyList<LeakExplanation>> ExplainAsync(List<UnloadResult> leaks, LeakExplainerOptions options, CancellationToken cancellationToken)
    {
        var targets = leaks.Select(l => new LeakTarget(l.Name, l.Generation, WeakHandleTo(l.LoadContext!))).ToList();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        var takeSnapshot = TakeSnapshot;
        var work = Task.Run(() => Explain(targets, options, takeSnapshot, limit.Token), CancellationToken.None);

        // The handles go only when the work is over: an abandoned walk still ends by itself and removes its snapshot.
        _ = work.ContinueWith(_ => Free(targets), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            return await work.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LeakSnapshotException(LeakMessages.TimedOut(leaks.Select(l => (l.Name, l.Generation)), options.Timeout));
        }
    }

    private static List<LeakExplanation> Explain(List<LeakTarget> targets, LeakExplainerOptions options, Func<HeapSnapshot> takeSnapshot, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using (var snapshot = takeSnapshot())
        {
            var snapshotTime = Stopwatch.GetElapsedTime(started);
            cancellationToken.ThrowIfCancellationRequested();
            var handles = snapshot.Runtime.EnumerateHandles().ToDictionary(h => h.Address, h => h.Object.Address);
            foreach (var target in targets)
            {
                target.Context = target.WeakHandle != 0 ? handles.GetValueOrDefault((ulong)target.WeakHandle) : 0;
            }

            new RootPathFinder(snapshot.Runtime, targets, new RootOwnership(options.HostAssemblies), options.MaxPaths, cancellationToken).Run();
            LastRun = (Stopwatch.GetElapsedTime(started), snapshotTime, snapshot.Bytes);
        }

        return [.. targets.Select(t => new LeakExplanation
        {
            Plugin = t.Plugin,
            Generation = t.Generation,
            StillAlive = t.Context != 0,
            Paths = t.Paths,
            OmittedPaths = t.Omitted,
        })];
    }

    // Taken in a frame of its own, so no local of the caller keeps the context alive into the snapshot.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint WeakHandleTo(WeakReference context) =>
        context.Target is { } target ? GCHandle.ToIntPtr(GCHandle.Alloc(target, GCHandleType.Weak)) : 0;

    private static void Free(List<LeakTarget> targets)
    {
        foreach (var target in targets.Where(t => t.WeakHandle != 0))
        {
            GCHandle.FromIntPtr(target.WeakHandle).Free();
        }
    }
}
