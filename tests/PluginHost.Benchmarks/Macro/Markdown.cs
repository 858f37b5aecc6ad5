using System.Globalization;
using System.Text;

namespace PluginHost.Benchmarks.Macro;

/// <summary>Small markdown and number formatting helpers, always in the invariant culture.</summary>
internal static class Markdown
{
    public static void Table(StringBuilder doc, string[] headers, IEnumerable<string[]> rows)
    {
        doc.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        doc.Append('|').AppendJoin('|', headers.Select(_ => "---:")).AppendLine("|");
        foreach (var row in rows)
        {
            doc.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        doc.AppendLine();
    }

    public static string N(double value, int decimals = 1) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Spread(Stats stats, int decimals = 1) => $"{N(stats.P10, decimals)} – {N(stats.P90, decimals)}";

    public static string Ratio(double value, double baseline) => baseline > 0 ? N(value / baseline, 2) + "×" : "n/a";

    public static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "**missed**",
        null => "not measured",
    };
}
