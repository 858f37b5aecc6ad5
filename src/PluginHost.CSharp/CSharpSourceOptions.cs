namespace PluginHost.CSharp;

/// <summary>Where <see cref="CSharpSourceFinder"/> looks for sources and keeps what it compiled.</summary>
public sealed record CSharpSourceOptions
{
    /// <summary>The folders searched for <c>&lt;Name&gt;/</c> and <c>&lt;Name&gt;.cs</c>, in order; empty to search the runtime's search path.</summary>
    public IReadOnlyList<string> SourcePaths { get; init; } = [];

    /// <summary>
    /// Where compiled images are kept, by a hash of their sources, so a later process does not compile an
    /// unchanged plugin again. Null for the default, <c>$TMPDIR/pluginhost-cache</c>.
    /// </summary>
    public string? CacheDirectory { get; init; }
}
