namespace PluginHost.Diagnostics;

/// <summary>A plugin could not be imported. The message says why and what to do.</summary>
public sealed class PluginImportException : Exception
{
    internal PluginImportException(string pluginName, ImportFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        PluginName = pluginName;
        Failure = failure;
    }

    /// <summary>The name that was imported.</summary>
    public string PluginName { get; }

    /// <summary>Why the import failed.</summary>
    public ImportFailure Failure { get; }

    /// <summary>Where the plugin was found, when it was.</summary>
    public string? Origin { get; init; }

    /// <summary>Every place the finders looked at, in order.</summary>
    public IReadOnlyList<ImportProbe> Probes { get; init; } = [];

    /// <summary>For <see cref="ImportFailure.Cycle"/>: the whole chain, first name repeated last (<c>A, B, A</c>).</summary>
    public IReadOnlyList<string> Chain { get; init; } = [];
}
