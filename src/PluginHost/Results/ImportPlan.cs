using PluginHost.Configuration;

namespace PluginHost.Results;

/// <summary>The order plugins load in, worked out from their manifests without loading anything.</summary>
/// <param name="Order">Every name to import, each after what it requires.</param>
/// <param name="Cycles">Each <c>requires</c> cycle found, as its whole chain (first name repeated last).</param>
/// <param name="Requires">What each name's manifest requires, as written.</param>
public sealed record ImportPlan(
    IReadOnlyList<string> Order,
    IReadOnlyList<IReadOnlyList<string>> Cycles,
    IReadOnlyDictionary<string, IReadOnlyList<PluginRequirement>> Requires);
