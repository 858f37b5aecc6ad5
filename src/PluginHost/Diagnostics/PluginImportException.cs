namespace PluginHost.Diagnostics;

/// <summary>A plugin could not be imported. The message says why and what to do.</summary>
public sealed class PluginImportException : Exception
{
    /// <summary>
    /// Creates the exception. The host throws it for every failed import; a custom finder or loader throws
    /// it to fail an import with a reason of its own (a compiler's errors, say) instead of an exception
    /// the host reports as <see cref="ImportFailure.LoadFailed"/>.
    /// </summary>
    /// <param name="pluginName">The name that was imported.</param>
    /// <param name="failure">Why the import failed.</param>
    /// <param name="message">What went wrong and what to do, in full sentences.</param>
    /// <param name="innerException">The exception that caused it, if any.</param>
    public PluginImportException(string pluginName, ImportFailure failure, string message, Exception? innerException = null)
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
