using System.Buffers;

namespace PluginHost.Configuration;

/// <summary>
/// Plugin names are names, not paths: letters, digits, '.', '_' and '-', starting with a letter or
/// digit. Anything else (separators, "..", white space, control characters) is refused before any file
/// system access, so a name from a TOML file can never walk out of the search path.
/// </summary>
internal static class PluginNameRules
{
    private const int MaxLength = 128;

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public static bool IsValid(string? name, out string reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "it is empty";
            return false;
        }

        if (name.Length > MaxLength)
        {
            reason = $"it is longer than {MaxLength} characters";
            return false;
        }

        if (name.Contains('/') || name.Contains('\\'))
        {
            reason = "it contains a path separator; give the folder in search_paths instead";
            return false;
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            reason = "it contains '..'";
            return false;
        }

        var bad = name.AsSpan().IndexOfAnyExcept(s_allowed);
        if (bad >= 0)
        {
            reason = $"it contains {Describe(name[bad])}; only letters, digits, '.', '_' and '-' are allowed";
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            reason = "it must start with a letter or digit";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"the character U+{(int)c:X4}" : $"'{c}'";
}
