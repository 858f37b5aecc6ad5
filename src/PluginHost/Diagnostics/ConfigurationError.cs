namespace PluginHost.Diagnostics;

/// <summary>One problem found in a configuration file.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record ConfigurationError(SourceLocation Location, string Message)
{
    /// <summary>The error as <c>file:line:column: message</c>.</summary>
    /// <returns>The error as text.</returns>
    public override string ToString() => $"{Location}: {Message}";
}
