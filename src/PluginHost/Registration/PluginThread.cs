namespace PluginHost.Registration;

/// <summary>
/// Runs a piece of plugin code (Register, start, stop, Dispose) on a thread of its own, so a caller can
/// stop waiting for it after its time limit. Not a pool thread: a host whose pool is busy (callers in a
/// loop) would otherwise wait for the pool to grow before every phase.
/// </summary>
internal static class PluginThread
{
    public static Task Run(Action code) =>
        Task.Factory.StartNew(code, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    public static Task Run(Func<Task> code) =>
        Task.Factory.StartNew(code, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
}
