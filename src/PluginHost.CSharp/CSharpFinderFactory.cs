using PluginHost.Configuration;
using PluginHost.CSharp;
using PluginHost.Hooks;

[assembly: ConfiguredFinderFactory(typeof(CSharpFinderFactory))]

namespace PluginHost.CSharp;

/// <summary>
/// Serves the <c>source_paths</c> key: a <see cref="CSharpSourceFinder"/> over those folders, after the
/// directory finder. PluginHost finds it by this assembly's name when a configuration uses the key, so a
/// host only references the package.
/// </summary>
public sealed class CSharpFinderFactory : IConfiguredFinderFactory
{
    /// <inheritdoc />
    public IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.SourcePaths.Count == 0
            ? []
            : [new FinderRegistration(new CSharpSourceFinder(new CSharpSourceOptions { SourcePaths = configuration.SourcePaths }), FinderPosition.Last)];
    }
}
