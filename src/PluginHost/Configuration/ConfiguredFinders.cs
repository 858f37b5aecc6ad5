using PluginHost.Finding;

namespace PluginHost.Configuration;

/// <summary>Turns the finder keys of a configuration into the finders a runtime puts in its chain.</summary>
internal static class ConfiguredFinders
{
    public static IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration)
    {
        // Custom "first" finders go before everything, custom "last" ones after the built-in ones.
        var finders = configuration.Finders.Where(f => f.Position == FinderPosition.First).ToList();
        if (configuration.SourcePaths.Count > 0)
        {
            finders.Add(new FinderRegistration(new CSharpSourceFinder(new CSharpSourceOptions { SourcePaths = configuration.SourcePaths }), FinderPosition.Last));
        }

        if (configuration.NuGetFeeds.Count > 0)
        {
            var versions = configuration.Plugins.Where(p => p.Version is not null).ToDictionary(p => p.Name, p => p.Version!, StringComparer.Ordinal);
            finders.Add(new FinderRegistration(new NuGetFeedFinder(new NuGetFeedOptions { Feeds = configuration.NuGetFeeds, Versions = versions }), FinderPosition.Last));
        }

        finders.AddRange(configuration.Finders.Where(f => f.Position == FinderPosition.Last));
        return finders;
    }
}
