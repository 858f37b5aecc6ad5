using NuGet.Versioning;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.NuGet;

[assembly: ConfiguredFinderFactory(typeof(NuGetFinderFactory))]

namespace PluginHost.NuGet;

/// <summary>
/// Serves the <c>nuget_feeds</c> key and each plugin's <c>version</c>: a <see cref="NuGetFeedFinder"/> over
/// those feeds, after the directory finder, taking each plugin's version range. PluginHost finds it by
/// this assembly's name when a configuration uses the keys, so a host only references the package.
/// </summary>
public sealed class NuGetFinderFactory : IConfiguredFinderFactory
{
    /// <inheritdoc />
    /// <exception cref="PluginConfigurationException">A plugin's <c>version</c> is not a NuGet version range; each one is listed at its file:line:col.</exception>
    public IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var versioned = configuration.Plugins.Where(p => p.Version is not null).ToList();
        var errors = versioned
            .Where(p => !VersionRange.TryParse(p.Version!, out _))
            .Select(p => new ConfigurationError(
                p.VersionLocation ?? p.Location ?? new SourceLocation(configuration.SourceFile ?? string.Empty, 1, 1),
                NuGetMessages.InvalidVersionRange(p.Name, p.Version!)))
            .ToList();
        if (errors.Count > 0)
        {
            throw new PluginConfigurationException(configuration.SourceFile ?? errors[0].Location.File, errors);
        }

        if (configuration.NuGetFeeds.Count == 0)
        {
            return [];
        }

        var versions = versioned.ToDictionary(p => p.Name, p => p.Version!, StringComparer.Ordinal);
        return [new FinderRegistration(new NuGetFeedFinder(new NuGetFeedOptions { Feeds = configuration.NuGetFeeds, Versions = versions }), FinderPosition.Last)];
    }
}
