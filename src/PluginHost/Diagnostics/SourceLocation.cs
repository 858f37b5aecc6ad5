namespace PluginHost.Diagnostics;

/// <summary>A place in a configuration file, with 1-based line and column.</summary>
/// <param name="File">The file's full path.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>The location as compilers print it: <c>file:line:column</c>.</summary>
    /// <returns>The location as text.</returns>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
