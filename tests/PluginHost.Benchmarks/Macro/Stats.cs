namespace PluginHost.Benchmarks.Macro;

/// <summary>Order statistics of one measured metric: median and the p10–p90 spread (linear interpolation).</summary>
internal sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> values)
    {
        _sorted = [.. values.Order()];
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("A metric needs at least one sample.", nameof(values));
        }
    }

    public int Count => _sorted.Length;

    public double Median => Percentile(50);

    public double P10 => Percentile(10);

    public double P90 => Percentile(90);

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    public double Percentile(double p)
    {
        var rank = p / 100 * (_sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return _sorted[low] + ((_sorted[high] - _sorted[low]) * (rank - low));
    }
}
