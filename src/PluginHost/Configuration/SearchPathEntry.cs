namespace PluginHost.Configuration;

/// <summary>One folder of the search path, and where it was configured.</summary>
/// <param name="Path">The folder's full path.</param>
/// <param name="Source">Where it came from: <c>PLUGINHOST_PATH</c>, or the TOML file and line.</param>
public sealed record SearchPathEntry(string Path, string Source);
