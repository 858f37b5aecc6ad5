using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Finding;

/// <summary>The finders a configuration asks for besides drop-in folders: C# sources and package feeds, each from its own package.</summary>
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

    /// <summary>Creates them; creating them reads and loads no plugin (custom finders are the runtime's to create).</summary>
    /// <exception cref="PluginConfigurationException">A key needs a package the application does not reference, or a package rejected its keys' values; every problem is listed.</exception>
    public static IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration) =>
        Create(configuration, package => package.Load());

    /// <summary>As <see cref="Create(HostConfiguration)"/>, with the packages found by <paramref name="load"/> (null: not referenced).</summary>
    internal static IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration, Func<FinderPackage, IConfiguredFinderFactory?> load)
    {
        var finders = new List<FinderRegistration>();
        var errors = new List<ConfigurationError>();
        foreach (var (package, keys) in KeysByPackage(configuration))
        {
            if (keys.Count == 0)
            {
                continue;
            }

            IConfiguredFinderFactory? factory;
            try
            {
                factory = load(package);
            }
            catch (Exception e) when (e is InvalidOperationException or FileLoadException or BadImageFormatException)
            {
                errors.Add(new ConfigurationError(LocationOf(configuration, keys[0].Location), e.Message));
                continue;
            }

            if (factory is null)
            {
                errors.AddRange(keys.Select(k => new ConfigurationError(LocationOf(configuration, k.Location), Messages.FinderPackageMissing(k.Key, k.Plugin, package.Id, package.Purpose))));
                continue;
            }

            try
            {
                finders.AddRange(factory.Create(configuration));
            }
            catch (PluginConfigurationException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        return errors.Count > 0
            ? throw new PluginConfigurationException(configuration.SourceFile ?? errors[0].Location.File, errors)
            : finders;
    }

    // Which keys of the configuration each optional package serves, with where each is written.
    private static IEnumerable<(FinderPackage Package, List<PackageKey> Keys)> KeysByPackage(HostConfiguration configuration)
    {
        yield return (FinderPackage.CSharp, configuration.SourcePaths.Count > 0 ? [new PackageKey("source_paths", null, configuration.SourcePathsLocation)] : []);

        List<PackageKey> nuget = configuration.NuGetFeeds.Count > 0 ? [new PackageKey("nuget_feeds", null, configuration.NuGetFeedsLocation)] : [];
        nuget.AddRange(configuration.Plugins.Where(p => p.Version is not null).Select(p => new PackageKey("version", p.Name, p.VersionLocation ?? p.Location)));
        yield return (FinderPackage.NuGet, nuget);
    }

    private static SourceLocation LocationOf(HostConfiguration configuration, SourceLocation? location) =>
        location ?? new SourceLocation(configuration.SourceFile ?? string.Empty, 1, 1);

    private sealed record PackageKey(string Key, string? Plugin, SourceLocation? Location);
}
