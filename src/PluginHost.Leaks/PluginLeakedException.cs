using PluginHost.Results;

namespace PluginHost.Leaks;

/// <summary>
/// A plugin generation expected to be collected is still alive (<see cref="LeakAssert.CollectedAsync"/>).
/// The message is the explanation of what holds it, or why none could be given.
/// </summary>
public sealed class PluginLeakedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLeakedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What holds the generation.</param>
    public PluginLeakedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What holds the generation, or why it could not be explained.</param>
    /// <param name="innerException">The cause, such as the <see cref="LeakSnapshotException"/> that kept it from being explained.</param>
    public PluginLeakedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unload that was expected to collect the generation: plugin name, generation, GC passes.</summary>
    public UnloadResult? Leak { get; init; }

    /// <summary>What holds the generation; null when no snapshot could be taken (see <see cref="Exception.InnerException"/>).</summary>
    public LeakExplanation? Explanation { get; init; }
}
