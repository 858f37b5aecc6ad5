namespace PluginHost.Loading;

/// <summary>
/// Counts the calls running inside one plugin generation so it can be retired without pulling code
/// out from under them: once retired no new call enters, and the host waits for the running ones to
/// finish on the old code before it disposes the plugin and unloads its context.
/// </summary>
internal sealed class GenerationLease
{
    private int _active;
    private int _retired;

    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    public bool TryEnter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _active);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    /// <summary>Stops new calls, then waits (bounded) for the running ones to finish.</summary>
    /// <returns>True when every running call finished within the timeout.</returns>
    public bool Retire(TimeSpan timeout)
    {
        Interlocked.Exchange(ref _retired, 1);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var spin = new SpinWait();
        while (Volatile.Read(ref _active) > 0)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            spin.SpinOnce(sleep1Threshold: 10);
        }

        return true;
    }
}
