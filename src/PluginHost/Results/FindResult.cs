using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Results;

/// <summary>Where a name resolves, found without loading anything.</summary>
/// <param name="Name">The name looked up.</param>
/// <param name="Spec">The winning spec, or null when no finder had the plugin.</param>
/// <param name="Finders">The finders asked, in order.</param>
/// <param name="Probes">Every place the finders looked at, in order, up to the winner.</param>
public sealed record FindResult(string Name, PluginSpec? Spec, IReadOnlyList<string> Finders, IReadOnlyList<ImportProbe> Probes)
{
    /// <summary>
    /// Specs for the same name found after the winner, later in the search path or in a later finder:
    /// the plugins the winner shadows. Empty for a name pinned to a path.
    /// </summary>
    public IReadOnlyList<PluginSpec> Shadowed { get; init; } = [];
}
