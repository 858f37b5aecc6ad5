using PluginHost.Leaks;
using PluginHost.Results;

namespace PluginHost.Cli.Commands;

/// <summary>
/// <c>watch --explain-leaks</c>: explains each leaked generation off the reload path, one at a time (a
/// snapshot costs seconds and memory), printing the explanation or why there is none.
/// </summary>
internal sealed class LeakReporter(TextWriter output, TextWriter error, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Queues the explanation and returns at once.</summary>
    public void Explain(UnloadResult leak)
    {
        lock (_gate)
        {
            _last = _last.ContinueWith(_ => ExplainNowAsync(leak), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits for the explanations already queued; Ctrl+C cancels them.</summary>
    public async ValueTask DisposeAsync()
    {
        Task last;
        lock (_gate)
        {
            last = _last;
        }

        await last.ConfigureAwait(false);
    }

    private async Task ExplainNowAsync(UnloadResult leak)
    {
        try
        {
            var explanation = await LeakExplainer.ExplainAsync(leak, cancellationToken: cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(explanation.ToString()).ConfigureAwait(false);
        }
        catch (LeakSnapshotException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C while explaining: stopping matters more than the explanation.
        }
    }
}
