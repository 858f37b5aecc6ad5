namespace PluginHost.Results;

/// <summary>What happened when a plugin generation was unloaded.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Generation">The generation that was unloaded.</param>
/// <param name="Collected">True when its load context was verified collected; false means something still references it (a leak).</param>
/// <param name="GcPasses">How many GC passes the verification took.</param>
public sealed record UnloadResult(string Name, int Generation, bool Collected, int GcPasses)
{
    /// <summary>When the context was not collected: which plugin and generation leaked, and the usual causes to look for.</summary>
    public string? LeakReport => Collected ? null : Diagnostics.Messages.UnloadLeak(Name, Generation, GcPasses);

    /// <summary>
    /// The leaked generation's load context, weakly: how PluginHost.Leaks finds it again in a heap
    /// snapshot to explain what holds it. Set only when the context was not collected; never keeps it alive.
    /// </summary>
    internal WeakReference? LoadContext { get; init; }
}
