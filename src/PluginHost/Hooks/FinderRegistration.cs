using PluginHost.Configuration;

namespace PluginHost.Hooks;

/// <summary>A finder and where it goes in the chain when a runtime is created.</summary>
/// <param name="Finder">The finder.</param>
/// <param name="Position">Before or after the built-in directory finder.</param>
public sealed record FinderRegistration(IPluginFinder Finder, FinderPosition Position);
