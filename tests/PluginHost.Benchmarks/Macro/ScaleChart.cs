using ScottPlot;

namespace PluginHost.Benchmarks.Macro;

/// <summary>The growth table as a chart (ScottPlot): ImportAll time against the number of plugins, both modes and both baselines.</summary>
internal static class ScaleChart
{
    private static readonly (string Mode, string Label, LinePattern Pattern)[] s_series =
    [
        ("development", "development mode (collectible)", LinePattern.Solid),
        ("bare-collectible", "bare collectible contexts", LinePattern.Dashed),
        ("production", "production mode (non-collectible, ReadyToRun)", LinePattern.Solid),
        ("bare-r2r", "bare non-collectible ReadyToRun contexts", LinePattern.Dashed),
    ];

    public static void Write(string file, IReadOnlyList<ScaleBenchmark.GrowthRow> rows)
    {
        var plot = new Plot();
        double[] counts = [.. rows.Select(r => (double)r.Count)];
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < s_series.Length; i++)
        {
            var (mode, label, pattern) = s_series[i];
            var line = plot.Add.Scatter(counts, [.. rows.Select(r => r.Ms(mode))]);
            line.LegendText = label;
            line.LinePattern = pattern;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.Color = palette.GetColor(i / 2);
        }

        plot.Title("ImportAll, fresh process, serial: median time against the number of plugins");
        plot.XLabel("plugins");
        plot.YLabel("ms");
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        plot.Axes.SetLimitsY(0, rows.Max(r => s_series.Max(s => r.Ms(s.Mode))) * 1.08);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        plot.SavePng(file, 1000, 560);
    }
}
