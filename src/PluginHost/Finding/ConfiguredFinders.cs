using PluginHost.Configuration;
using PluginHost.Hooks;

namespace PluginHost.Finding;

/// <summary>The built-in finders a configuration asks for besides drop-in folders: C# sources and package feeds.</summary>
internal static class ConfiguredFinders
{
    /// <summary>
    /// The chain a runtime starts with: custom finders, then the caller's, at <see cref="FinderPosition.First"/>;
    /// the built-in directory finder; the caller's, then custom finders, at <see cref="FinderPosition.Last"/>.
    /// </summary>
    public static FinderChain Chain(IReadOnlyList<FinderRegistration> custom, IReadOnlyList<FinderRegistration> given) =>
        new(
        [
            .. custom.Concat(given).Where(f => f.Position == FinderPosition.First).Select(f => f.Finder),
            new DirectoryFinder(),
            .. given.Concat(custom).Where(f => f.Position == FinderPosition.Last).Select(f => f.Finder),
        ]);

    /// <summary>Creates them; creating them reads and loads nothing (custom finders are the runtime's to create).</summary>
    public static IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration)
    {
        var finders = new List<FinderRegistration>();
        if (configuration.SourcePaths.Count > 0)
        {
            finders.Add(new FinderRegistration(new CSharpSourceFinder(new CSharpSourceOptions { SourcePaths = configuration.SourcePaths }), FinderPosition.Last));
        }

        if (configuration.NuGetFeeds.Count > 0)
        {
            var versions = configuration.Plugins.Where(p => p.Version is not null).ToDictionary(p => p.Name, p => p.Version!, StringComparer.Ordinal);
            finders.Add(new FinderRegistration(new NuGetFeedFinder(new NuGetFeedOptions { Feeds = configuration.NuGetFeeds, Versions = versions }), FinderPosition.Last));
        }

        return finders;
    }
}
