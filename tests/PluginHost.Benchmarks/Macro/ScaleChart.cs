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
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < s_series.Length; i++)
        {
            // A mode whose process was aborted at a count has no point there.
            var (mode, label, pattern) = s_series[i];
            var reached = rows.Where(r => r.Has(mode)).ToList();
            var line = plot.Add.Scatter(reached.Select(r => (double)r.Count).ToArray(), reached.Select(r => r.Ms(mode)).ToArray());
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
        plot.Axes.SetLimitsY(0, rows.Max(r => r.Modes.Values.Max(m => m.Median)) * 1.08);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        plot.SavePng(file, 1000, 560);
    }
}
