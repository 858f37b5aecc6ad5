namespace PluginHost.Leaks;

/// <summary>One leaked generation to look for in the snapshot: its load context's address there, once found through a weak GC handle.</summary>
internal sealed class LeakTarget(string plugin, int generation, nint weakHandle)
{
    public string Plugin { get; } = plugin;

    public int Generation { get; } = generation;

    /// <summary>A weak GC handle to the load context, taken just before the snapshot; 0 when it was already collected.</summary>
    public nint WeakHandle { get; } = weakHandle;

    /// <summary>The load context object in the snapshot; 0 when it was not found there.</summary>
    public ulong Context { get; set; }

    public List<LeakPath> Paths { get; } = [];

    public int Omitted { get; set; }
}
