using System.Runtime.CompilerServices;

namespace PluginHost.Runtime;

/// <summary>
/// Proves released load contexts were collected: a bounded loop of full, blocking GCs watching weak
/// references. It never waits forever; a context still alive after the last pass is a leak to report.
/// One verifier serves a runtime: every retirement in flight (a reload, several unloads at once, an
/// isolation scope, the runtime's disposal) joins the one loop already running, so retiring many
/// generations costs one round of GCs, not one round each.
/// </summary>
internal sealed class UnloadVerifier(TimeProvider time, int maxPasses = UnloadVerifier.DefaultMaxPasses)
{
    public const int DefaultMaxPasses = 12;

    // Most contexts are gone after two or three back-to-back passes; only a straggler is waited for.
    private const int ImmediatePasses = 3;

    private readonly Lock _gate = new();
    private readonly List<Batch> _batches = [];
    private bool _running;
    private int _passes;

    // Completed when a call joins a loop that is waiting between passes: a newcomer gets its immediate passes at once.
    private TaskCompletionSource? _joined;

    /// <summary>How many GC passes this verifier has run, for every call together.</summary>
    public int PassesRun => Volatile.Read(ref _passes);

    /// <summary>Collects until every context is gone or the passes run out; one loop for one call.</summary>
    /// <returns>For each context, in order: whether it was collected, and after how many passes.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the verdict.</exception>
    public static Task<IReadOnlyList<(bool Collected, int Passes)>> WaitForCollectionAsync(
        IReadOnlyList<WeakReference> contexts, TimeProvider time, CancellationToken cancellationToken, int maxPasses = DefaultMaxPasses) =>
        new UnloadVerifier(time, maxPasses).VerifyAsync(contexts, cancellationToken);

    /// <summary>
    /// Watches <paramref name="contexts"/> until each is collected or has seen the last pass, in the loop
    /// already running when there is one. Each call counts its own passes from when it joined.
    /// </summary>
    /// <returns>For each context, in order: whether it was collected, and after how many of this call's passes.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the verdict; the loop goes on for the others.</exception>
    public Task<IReadOnlyList<(bool Collected, int Passes)>> VerifyAsync(IReadOnlyList<WeakReference> contexts, CancellationToken cancellationToken)
    {
        var batch = new Batch(contexts, maxPasses);
        if (batch.IsDone)
        {
            return Task.FromResult(batch.Verdicts);
        }

        bool start;
        lock (_gate)
        {
            _batches.Add(batch);
            start = !_running;
            _running = true;
            _joined?.TrySetResult();
        }

        if (start)
        {
            // Runs on the caller's thread up to its first wait, as a single verification always did.
            _ = RunAsync();
        }

        return batch.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            Batch[] active;
            lock (_gate)
            {
                _batches.RemoveAll(b => b.IsDone);
                if (_batches.Count == 0)
                {
                    _running = false;
                    return;
                }

                active = [.. _batches];
            }

            Collect();
            Interlocked.Increment(ref _passes);
            var fewest = int.MaxValue;
            foreach (var batch in active)
            {
                batch.Pass();
                if (!batch.IsDone)
                {
                    fewest = Math.Min(fewest, batch.Passes);
                }
            }

            if (fewest != int.MaxValue && fewest >= ImmediatePasses)
            {
                // Unloading finishes on the finalizer thread; give it a moment between passes, growing slowly.
                TaskCompletionSource joined;
                lock (_gate)
                {
                    joined = _joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                using var pause = new CancellationTokenSource();
                await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5 * fewest, 50)), time, pause.Token), joined.Task).ConfigureAwait(false);
                await pause.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>The contexts of one call, their verdicts so far, and the passes it has seen.</summary>
    private sealed class Batch
    {
        private readonly IReadOnlyList<WeakReference> _contexts;
        private readonly (bool Collected, int Passes)[] _verdicts;
        private readonly int _maxPasses;
        private int _alive;

        public Batch(IReadOnlyList<WeakReference> contexts, int maxPasses)
        {
            _contexts = contexts;
            _maxPasses = maxPasses;
            _verdicts = new (bool, int)[contexts.Count];
            for (var i = 0; i < contexts.Count; i++)
            {
                var collected = !contexts[i].IsAlive;
                _verdicts[i] = (collected, 0);
                _alive += collected ? 0 : 1;
            }

            if (_alive == 0 || maxPasses <= 0)
            {
                Finish();
            }
        }

        public TaskCompletionSource<IReadOnlyList<(bool Collected, int Passes)>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<(bool Collected, int Passes)> Verdicts => _verdicts;

        public int Passes { get; private set; }

        public bool IsDone => Completion.Task.IsCompleted;

        public void Pass()
        {
            Passes++;
            for (var i = 0; i < _contexts.Count; i++)
            {
                if (!_verdicts[i].Collected && !_contexts[i].IsAlive)
                {
                    _verdicts[i] = (true, Passes);
                    _alive--;
                }
            }

            if (_alive == 0 || Passes >= _maxPasses)
            {
                Finish();
            }
        }

        private void Finish()
        {
            for (var i = 0; i < _verdicts.Length; i++)
            {
                if (!_verdicts[i].Collected)
                {
                    _verdicts[i] = (false, _maxPasses);
                }
            }

            Completion.TrySetResult(_verdicts);
        }
    }
}
