namespace PluginHost.Toml;

/// <summary>
/// Finds where TOML nesting first goes deeper than a limit. Tomlyn reports "maximum depth exceeded"
/// without a position; this puts the error on the bracket that crossed the limit. It skips strings and
/// comments well enough for that purpose; it is not a TOML parser.
/// </summary>
internal static class NestingScanner
{
    /// <summary>The 1-based line and column of the first '[' or '{' opening level <paramref name="limit"/> + 1; null when none does.</summary>
    public static (int Line, int Column)? FirstBeyond(string text, int limit)
    {
        var depth = 0;
        var line = 1;
        var column = 0;
        char? quote = null;
        var inComment = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            column++;
            if (c == '\n')
            {
                line++;
                column = 0;
                inComment = false;
                continue;
            }

            if (inComment)
            {
                continue;
            }

            if (quote is { } open)
            {
                if (c == '\\' && open == '"')
                {
                    i++;
                    column++;
                }
                else if (c == open)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '#':
                    inComment = true;
                    break;
                case '[' or '{':
                    if (++depth > limit)
                    {
                        return (line, column);
                    }

                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                default:
                    break;
            }
        }

        return null;
    }
}
