using PluginHost.Results;

namespace PluginHost.Leaks;

/// <summary>
/// For tests of a plugin: asserts that an unloaded generation was collected, and when it was not, fails
/// with the explanation of what holds it, so the test's failure names the root and the usual fix. Works
/// with any test framework: it throws <see cref="PluginLeakedException"/>, which each reports as a failure
/// with its message.
/// </summary>
public static class LeakAssert
{
    /// <summary>
    /// Returns when <paramref name="unloaded"/>'s generation was collected; otherwise explains the leak
    /// (a snapshot of the process: seconds, so only when it leaked) and throws with the explanation.
    /// </summary>
    /// <param name="unloaded">What <c>PluginRuntime.UnloadAsync</c> returned, or a reload result's <c>Unload</c>.</param>
    /// <param name="options">Time limit and host assemblies for the explanation; defaults when null.</param>
    /// <param name="cancellationToken">Stops the explanation.</param>
    /// <returns>A task that completes when the generation was collected, or turned out collected by the time of the snapshot.</returns>
    /// <exception cref="PluginLeakedException">
    /// The generation is still alive. The message is the explanation (every root, its path, whose it is, the fix); or,
    /// where no snapshot could be taken, the leak report and why it could not be explained.
    /// </exception>
    /// <exception cref="ArgumentException">The result was not made by PluginRuntime, so its load context cannot be found.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task CollectedAsync(UnloadResult unloaded, LeakExplainerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unloaded);
        if (unloaded.Collected)
        {
            return;
        }

        LeakExplanation explanation;
        try
        {
            explanation = await LeakExplainer.ExplainAsync(unloaded, options, cancellationToken).ConfigureAwait(false);
        }
        catch (LeakSnapshotException e)
        {
            // The leak is the failure; not being able to explain it here must not hide it.
            throw new PluginLeakedException(LeakMessages.LeakedUnexplained(unloaded.LeakReport!, e.Message), e) { Leak = unloaded };
        }

        if (explanation.StillAlive)
        {
            throw new PluginLeakedException(explanation.ToString()) { Leak = unloaded, Explanation = explanation };
        }
    }
}
