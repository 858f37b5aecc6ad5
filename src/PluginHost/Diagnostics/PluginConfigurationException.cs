namespace PluginHost.Diagnostics;

/// <summary>
/// A configuration file could not be read or is not valid. <see cref="Errors"/> lists every problem
/// found, each with its file, line and column.
/// </summary>
public sealed class PluginConfigurationException : Exception
{
    /// <summary>Creates the exception for the problems found in <paramref name="file"/>.</summary>
    /// <param name="file">The configuration file.</param>
    /// <param name="errors">Every problem found, in file order.</param>
    public PluginConfigurationException(string file, IReadOnlyList<ConfigurationError> errors)
        : base(Messages.ConfigurationInvalid(file, errors))
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The configuration file.</summary>
    public string File { get; }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }
}
