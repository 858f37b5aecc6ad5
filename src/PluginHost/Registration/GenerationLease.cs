namespace PluginHost.Registration;

/// <summary>
/// Counts the calls running inside one plugin generation so it can be retired without pulling code
/// out from under them: once retired no new call enters, and the host waits for the running ones to
/// finish on the old code before it disposes the plugin and unloads its context.
/// </summary>
/// <remarks>
/// Entering and leaving cost two interlocked operations and take no lock. The wait is a task completed
/// by the last call to leave, so a retiring reload awaits it without blocking or spinning a thread.
/// </remarks>
internal sealed class GenerationLease
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private int _retired;

    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    /// <summary>How many calls are inside the generation now.</summary>
    public int ActiveCalls => Volatile.Read(ref _active);

    public bool TryEnter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _retired) != 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Stops new calls, then waits (bounded by <paramref name="timeout"/>) for the running ones to finish.</summary>
    /// <returns>True when every running call finished in time; false when the timeout passed first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async Task<bool> RetireAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _active) == 0)
        {
            _drained.TrySetResult();
            return true;
        }

        try
        {
            await _drained.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
