namespace PluginHost.Results;

/// <summary>What became of one configured plugin in <see cref="PluginRuntime.ImportAll"/>.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Status">Whether it loaded, failed, or was disabled.</param>
/// <param name="Plugin">The loaded plugin, when it loaded.</param>
/// <param name="Error">Why it failed, when it failed.</param>
/// <param name="Elapsed">How long the import took.</param>
public sealed record ImportOutcome(string Name, ImportStatus Status, LoadedPlugin? Plugin, Diagnostics.PluginImportException? Error, TimeSpan Elapsed);

/// <summary>What became of one configured plugin.</summary>
public enum ImportStatus
{
    /// <summary>Imported and registered.</summary>
    Loaded,

    /// <summary>Not imported; see <see cref="ImportOutcome.Error"/>.</summary>
    Failed,

    /// <summary>Listed with <c>enabled = false</c>; not imported.</summary>
    Disabled,
}
