namespace PackagedHelper;

/// <summary>A dependency that lives in its own package, to prove the nuget finder brings dependencies along.</summary>
public static class Decorations
{
    /// <summary>Wraps text in stars.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text between stars.</returns>
    public static string Star(string text) => $"*{text}*";
}
