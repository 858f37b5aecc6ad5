namespace PluginHost.Diagnostics;

/// <summary>One place a finder looked at while resolving a name.</summary>
/// <param name="Finder">The finder's name.</param>
/// <param name="Location">What it looked at, such as a file path.</param>
/// <param name="Outcome">What it found there, such as <c>not found</c> or <c>found</c>.</param>
public sealed record ImportProbe(string Finder, string Location, string Outcome);
