namespace PluginHost.Cli.Commands;

/// <summary>Left-aligned columns, two spaces apart, indented under a heading.</summary>
internal static class TextTable
{
    public static void Write(IReadOnlyList<string[]> rows, TextWriter output)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine("  " + string.Join("  ", cells).TrimEnd());
        }
    }
}
