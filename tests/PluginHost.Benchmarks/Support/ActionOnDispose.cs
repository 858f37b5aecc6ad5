namespace PluginHost.Benchmarks.Support;

/// <summary>Runs an action when disposed: lets a synchronous driver end an asynchronous resource with <c>using</c>.</summary>
internal sealed class ActionOnDispose(Action action) : IDisposable
{
    public void Dispose() => action();
}
