namespace PluginHost.NuGet;

/// <summary>Where <see cref="NuGetFeedFinder"/> looks for packages, which versions it accepts, and where it extracts them.</summary>
public sealed record NuGetFeedOptions
{
    /// <summary>Folders of <c>.nupkg</c> files (local feeds, as <c>dotnet pack</c> fills them), searched in order.</summary>
    public IReadOnlyList<string> Feeds { get; init; } = [];

    /// <summary>
    /// Version constraints by plugin name, in NuGet's range syntax (<c>1.2.0</c> means at least 1.2.0,
    /// <c>[1.0,2.0)</c> means 1.x). A name without one takes the highest version in the feed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Versions { get; init; } = new Dictionary<string, string>();

    /// <summary>Where packages are extracted, by a hash of their content. Null for <c>$TMPDIR/pluginhost-cache</c>.</summary>
    public string? CacheDirectory { get; init; }
}
