using System.Collections.Concurrent;

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
