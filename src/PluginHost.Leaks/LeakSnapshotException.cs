namespace PluginHost.Leaks;

/// <summary>
/// A leak could not be explained: this platform or container does not allow a snapshot of the process,
/// the snapshot could not be read, or explaining took longer than <see cref="LeakExplainerOptions.Timeout"/>.
/// The message says which and what to do.
/// </summary>
public sealed class LeakSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LeakSnapshotException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public LeakSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public LeakSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
