namespace PluginHost.Leaks;

/// <summary>How <see cref="LeakExplainer"/> takes and reads its snapshot.</summary>
public sealed record LeakExplainerOptions
{
    /// <summary>The most the whole explanation may take, snapshot included; 2 minutes unless set.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Simple names of assemblies that are the host's own, besides PluginHost's and the entry assembly:
    /// a root in one of them is reported as owned by the host rather than by a third-party library.
    /// </summary>
    public IReadOnlyList<string> HostAssemblies { get; init; } = [];

    /// <summary>The most paths reported for one generation; the rest are counted. 20 unless set.</summary>
    public int MaxPaths { get; init; } = 20;
}
