using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Hooks;

/// <summary>
/// The finders an optional package adds for the configuration keys it owns: <c>source_paths</c> for
/// PluginHost.CSharp, <c>nuget_feeds</c> and a plugin's <c>version</c> for PluginHost.NuGet. The package
/// names its implementation with <see cref="ConfiguredFinderFactoryAttribute"/>; runtime options made
/// from a configuration that uses those keys load the package's assembly by name from the application's
/// dependencies and call it, so referencing the package is all a host does.
/// </summary>
public interface IConfiguredFinderFactory
{
    /// <summary>Creates the finders the configuration's keys ask for; creating them loads no plugin.</summary>
    /// <param name="configuration">The configuration, already read and checked by the core.</param>
    /// <returns>The finders and where each goes in the chain; empty when the configuration asks for none.</returns>
    /// <exception cref="PluginConfigurationException">A key this package owns has a value it cannot use; every problem is listed with where it is written.</exception>
    IReadOnlyList<FinderRegistration> Create(HostConfiguration configuration);
}
