namespace PluginHost.Cli.Commands;

/// <summary>
/// How the commands call into the runtime so that Ctrl+C or SIGTERM always gets through: plugin and
/// finder code runs on a worker the command stops waiting for when cancelled (a hung <c>Register()</c>
/// cannot be interrupted in-process, only abandoned), and shutting down takes a bounded time.
/// </summary>
internal static class HostSession
{
    /// <summary>Runs <paramref name="work"/> on a worker; cancellation stops the wait, not the work.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static Task<T> OnWorkerAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Run(work, CancellationToken.None).WaitAsync(cancellationToken);

    /// <summary>A command that loads nothing (list, which), run on a worker; cancelled, it exits 130 at once.</summary>
    public static async Task<int> CancellableAsync(Func<int> command, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await OnWorkerAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine(CliMessages.Cancelled);
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>
    /// Names every plugin still inside <c>Register()</c> as abandoned, then disposes the runtime (which
    /// releases every other generation first), waiting at most <paramref name="grace"/>.
    /// </summary>
    /// <returns>True when every generation was released in time and nothing was abandoned.</returns>
    public static async Task<bool> ShutdownAsync(PluginRuntime runtime, TimeSpan grace, TextWriter error)
    {
        var hung = runtime.Loaded.Where(p => p.State == PluginState.Registering).Select(p => p.Name).ToList();
        foreach (var name in hung)
        {
            error.WriteLine(CliMessages.Abandoned(name));
        }

        // On a worker: disposing waits for a hung plugin's lock synchronously, after releasing the rest.
        var disposing = Task.Run(async () => await runtime.DisposeAsync().ConfigureAwait(false));
        try
        {
            await disposing.WaitAsync(grace).ConfigureAwait(false);
            return hung.Count == 0;
        }
        catch (TimeoutException)
        {
            if (hung.Count == 0)
            {
                error.WriteLine(CliMessages.ShutdownTimedOut(grace));
            }

            return false;
        }
    }
}
