namespace PluginHost.Benchmarks.Macro;

/// <summary>The headline figures and the goal verdicts the sections report, for the top of the document.</summary>
internal sealed class Summary
{
    public List<string> Headlines { get; } = [];

    public List<(string Goal, string Measured, bool? Met)> Goals { get; } = [];

    public void Goal(string goal, string measured, bool? met) => Goals.Add((goal, measured, met));
}
