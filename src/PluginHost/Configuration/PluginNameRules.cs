using System.Globalization;
using System.Text;

namespace PluginHost.Configuration;

/// <summary>
/// Plugin names are names, not paths: letters and digits of any script (with the combining marks some
/// scripts write letters with), '.', '_' and '-', starting with a letter or digit. Anything else
/// (separators, "..", white space, control and format characters, symbols) is refused before any file
/// system access, so a name from a TOML file can never walk out of the search path. Names are compared
/// in Unicode normalization form C, so "Plátano" typed with a combining accent is the same plugin.
/// </summary>
internal static class PluginNameRules
{
    private const int MaxLength = 128;

    /// <summary>The name in normalization form C, the one form names are cached, compared and looked up in.</summary>
    public static string Normalize(string name)
    {
        try
        {
            return name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Not valid UTF-16 (a lone surrogate): left as it is, for IsValid to refuse with the reason.
            return name;
        }
    }

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

        if (FirstNotAllowed(name) is { } bad)
        {
            reason = $"it contains {bad}; only letters and digits (of any script), '.', '_' and '-' are allowed";
            return false;
        }

        if (!Rune.TryGetRuneAt(name, 0, out var first) || !Rune.IsLetterOrDigit(first))
        {
            reason = "it must start with a letter or digit";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static string? FirstNotAllowed(string name)
    {
        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return $"the unpaired surrogate U+{(int)name[i]:X4}";
            }

            if (!IsAllowed(rune))
            {
                return Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
                    ? $"the character U+{rune.Value:X4}"
                    : $"'{rune}'";
            }

            i += length;
        }

        return null;
    }

    private static bool IsAllowed(Rune rune) =>
        Rune.IsLetterOrDigit(rune)
        || rune.Value is '.' or '_' or '-'
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
