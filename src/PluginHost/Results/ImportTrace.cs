using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Results;

/// <summary>
/// How one name was resolved and imported (Python's <c>python -v</c>): every finder consulted, every place
/// probed and why it was rejected, the spec that won, the same name found elsewhere and shadowed, and
/// the time of each phase.
/// </summary>
public sealed record ImportTrace
{
    /// <summary>The name imported.</summary>
    public required string Name { get; init; }

    /// <summary>The finders asked, in order (<c>path</c> alone for a name pinned to a path).</summary>
    public IReadOnlyList<string> Finders { get; init; } = [];

    /// <summary>Every place probed, in order, with what was found there.</summary>
    public IReadOnlyList<ImportProbe> Probes { get; init; } = [];

    /// <summary>The winning spec.</summary>
    public PluginSpec? Spec { get; init; }

    /// <summary>The same name found later in the search path or the chain, which the winner hides.</summary>
    public IReadOnlyList<PluginSpec> Shadowed { get; init; } = [];

    /// <summary>The time of each phase.</summary>
    public ImportPhases Phases { get; init; } = new();

    internal static ImportTrace From(FindResult found, ImportPhases phases) => new()
    {
        Name = found.Name,
        Finders = found.Finders,
        Probes = found.Probes,
        Spec = found.Spec,
        Shadowed = found.Shadowed,
        Phases = phases,
    };
}
