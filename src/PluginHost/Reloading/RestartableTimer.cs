namespace PluginHost.Reloading;

/// <summary>
/// A one-shot timer on the injected clock that can be restarted and stopped, and that tells a callback
/// still on its way from an earlier start (a restart does not recall it) from one that is due. Not
/// thread-safe: its owner calls it under its own lock, the callback's <see cref="IsDue"/> included.
/// </summary>
internal sealed class RestartableTimer : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _startedAt;
    private TimeSpan? _after;

    public RestartableTimer(TimeProvider time, Action elapsed)
    {
        _time = time;
        _timer = time.CreateTimer(_ => elapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>(Re)starts it: it is due <paramref name="after"/> from now.</summary>
    public void Start(TimeSpan after)
    {
        _startedAt = _time.GetTimestamp();
        _after = after;
        _timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        _after = null;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>In the callback: true, once, when the time since the last start is up; otherwise it waits for what is left.</summary>
    public bool IsDue()
    {
        if (_after is not { } after)
        {
            return false;
        }

        var left = after - _time.GetElapsedTime(_startedAt);
        if (left > TimeSpan.Zero)
        {
            _timer.Change(left, Timeout.InfiniteTimeSpan);
            return false;
        }

        _after = null;
        return true;
    }

    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
