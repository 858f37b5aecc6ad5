using System.Collections.Concurrent;
using System.Diagnostics;

namespace PluginHost.Registration;

/// <summary>
/// Runs a piece of plugin code (Register, start, stop, Dispose) on a thread of its own, so a caller can
/// stop waiting for it after its time limit. Not a pool thread: a host whose pool is busy (callers in a
/// loop) would otherwise wait for the pool to grow before every phase. The threads are kept for the next
/// call once the code returns (a thread a second is not created per plugin), and end after a few idle
/// seconds; a thread whose code never returns is simply never reused.
/// </summary>
internal static class PluginThread
{
    private static readonly TimeSpan s_idleLifetime = TimeSpan.FromSeconds(5);
    private static readonly ConcurrentStack<Worker> s_idle = new();

    // How long a caller spins for a call to return before it blocks: a millisecond, longer than a typical
    // Register, even one JIT-compiled in a collectible context, and short beside any time limit.
    private static readonly long s_spinTicks = Stopwatch.Frequency / 1_000;

    /// <summary>Runs <paramref name="code"/> on a plugin thread, in the caller's execution context (its async locals flow).</summary>
    /// <returns>A task that completes when the code returns, faulted with what it threw.</returns>
    public static Task Run(Action code)
    {
        // Completed on the plugin thread itself, continuations included: a caller blocked on the result
        // (Register, Dispose) is woken without needing a pool thread, which a host whose pool is saturated
        // (callers in a loop at full CPU) may not get for many seconds. Callers that await yield explicitly.
        var done = new TaskCompletionSource();
        var context = ExecutionContext.Capture();
        Dispatch(() =>
        {
            try
            {
                if (context is null)
                {
                    code();
                }
                else
                {
                    ExecutionContext.Run(context, static state => ((Action)state!)(), code);
                }

                done.SetResult();
            }
#pragma warning disable CA1031 // The plugin's exception is the task's, for the caller to observe.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Runs asynchronous plugin code whose synchronous part runs on a plugin thread; the task is the code's own.</summary>
    public static Task Run(Func<Task> code)
    {
        Task? started = null;
        Action synchronousPart = () => started = code();
        return Run(synchronousPart)
            .ContinueWith(ran => ran.IsFaulted ? ran : started!, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .Unwrap();
    }

    /// <summary>
    /// Runs <paramref name="code"/> on a plugin thread and waits for it to return, for at most
    /// <paramref name="limit"/> on <paramref name="time"/>; what it throws is rethrown.
    /// </summary>
    /// <exception cref="TimeoutException">The code did not return within <paramref name="limit"/>; it may still be running.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static void RunWithin(Action code, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken = default) =>
        WaitWithin(Run(code), limit, time, cancellationToken);

    /// <summary>Like <see cref="RunWithin(Action, TimeSpan, TimeProvider, CancellationToken)"/>, for asynchronous code: waits for its task.</summary>
    /// <exception cref="TimeoutException">The code's task did not complete within <paramref name="limit"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static void RunWithin(Func<Task> code, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken = default) =>
        WaitWithin(Run(code), limit, time, cancellationToken);

    /// <summary>
    /// Spins for up to a millisecond before blocking. A caller that blocks at once must itself be woken when
    /// the code returns, and a wake that crosses to an idle core costs tens of microseconds on a virtual
    /// machine (about 40 µs on the machine docs/benchmarks.md was measured on), more than a short
    /// Register takes: 1,000 ReadyToRun plugins imported 14% faster for it.
    /// </summary>
    private static void WaitWithin(Task task, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + s_spinTicks;
        var spinner = default(SpinWait);
        while (!task.IsCompleted && Stopwatch.GetTimestamp() < until)
        {
            // Yields to other threads now and then, but never sleeps: a millisecond's sleep costs more than blocking.
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        task.WaitAsync(limit, time, cancellationToken).GetAwaiter().GetResult();
    }

    private static void Dispatch(Action work)
    {
        while (s_idle.TryPop(out var worker))
        {
            if (worker.TryAssign(work))
            {
                return;
            }
        }

        new Worker(work).Start();
    }

    /// <summary>A dedicated background thread that runs one piece of work at a time and waits, a while, for the next.</summary>
    private sealed class Worker(Action first)
    {
        private readonly object _gate = new();
        private Action? _work = first;
        private bool _idle;
        private bool _ended;

        public void Start() => new Thread(Loop) { IsBackground = true, Name = "PluginHost plugin code" }.UnsafeStart();

        /// <summary>Hands an idle worker its next work; false when it ended meanwhile.</summary>
        public bool TryAssign(Action work)
        {
            lock (_gate)
            {
                if (_ended || !_idle)
                {
                    return false;
                }

                _idle = false;
                _work = work;
                Monitor.Pulse(_gate);
                return true;
            }
        }

        // Out of line, and the work taken out of its field first: an idle worker holds no reference to the
        // code it ran, or it would keep that plugin's load context alive while it waits for the next call.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void RunNext()
        {
            Action work;
            lock (_gate)
            {
                work = _work!;
                _work = null;
            }

            work();
        }

        private void Loop()
        {
            while (true)
            {
                RunNext();
                lock (_gate)
                {
                    _idle = true;
                }

                s_idle.Push(this);
                lock (_gate)
                {
                    if (_work is null)
                    {
                        Monitor.Wait(_gate, s_idleLifetime);
                    }

                    if (_work is null)
                    {
                        // Nobody took it within its lifetime: it ends (and is skipped if it is still in the stack).
                        _ended = true;
                        return;
                    }
                }
            }
        }
    }
}
