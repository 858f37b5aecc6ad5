namespace PluginHost.NuGet;

/// <summary>
/// What a package name resolved to in a feed: the package, the packages its dependencies resolved to,
/// the dependencies the feed lacks, and the content-addressed folder they extract to.
/// </summary>
internal sealed record NuGetResolution(string Package, IReadOnlyList<string> Dependencies, IReadOnlyList<string> Missing, string Folder);
