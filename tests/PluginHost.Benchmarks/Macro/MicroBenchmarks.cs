using System.Globalization;
using System.Text;
using System.Text.Json;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// The BenchmarkDotNet results build/bench.sh produced just before (GitHub markdown and JSON exporters):
/// tables copied in, cached-import, cold-import and extension-handle goals read from the JSON.
/// </summary>
internal sealed class MicroBenchmarks : IMacroBenchmark
{
    private readonly Dictionary<string, (double MedianNs, double? AllocatedBytes)> _byMethod = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Table)> _tables = [];

    public string Title => "Micro benchmarks (BenchmarkDotNet)";

    public (double MedianNs, double? AllocatedBytes)? this[string method] => _byMethod.TryGetValue(method, out var value) ? value : null;

    public void Run(MacroContext context)
    {
        if (context.MicroResults is null || !Directory.Exists(context.MicroResults))
        {
            context.Log("Micro benchmark results not found; pass --micro <BenchmarkDotNet results folder>");
            return;
        }

        foreach (var file in Directory.EnumerateFiles(context.MicroResults, "*-report-github.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file).Replace("-report-github.md", string.Empty, StringComparison.Ordinal);
            _tables.Add((name[(name.LastIndexOf('.') + 1)..], File.ReadAllText(file).Trim()));
        }

        foreach (var file in Directory.EnumerateFiles(context.MicroResults, "*-report-full.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var benchmark in json.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                var method = benchmark.GetProperty("Method").GetString()!;
                var shortRun = benchmark.GetProperty("DisplayInfo").GetString()!.Contains("ShortRun", StringComparison.Ordinal);
                if (shortRun && _byMethod.ContainsKey(method))
                {
                    // A class with its own job (40 one-shot iterations) also gets the script's ShortRun; the goals use its own.
                    continue;
                }

                var median = benchmark.GetProperty("Statistics").GetProperty("Median").GetDouble();
                double? allocated = benchmark.TryGetProperty("Memory", out var memory) && memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes)
                    ? bytes.GetDouble()
                    : null;
                _byMethod[method] = (median, allocated);
            }
        }
    }

    public void Write(StringBuilder doc, Summary summary)
    {
        doc.AppendLine(CultureInfo.InvariantCulture, $"## {Title}").AppendLine();
        if (_tables.Count == 0)
        {
            doc.AppendLine("Not run in this pass.").AppendLine();
            summary.Goal("cached import ≤ 15 ns, 0 allocations", "not measured", null);
            summary.Goal("cold import ≤ 1.5× raw ALC baseline", "not measured", null);
            ExtensionHandleSection.Write(doc, summary, this);
            return;
        }

        doc.AppendLine("""
            Run by build/bench.sh with short jobs so the whole script stays within minutes: expect a few percent of noise,
            more on a shared machine. Cold-import and unload benchmarks run one operation per iteration (RunStrategy.Monitoring)
            and unload + wait for collection in the iteration cleanup, outside the measurement. Regenerate just these with
            `dotnet run -c Release --project tests/PluginHost.Benchmarks -- --filter '*'`.
            """).AppendLine();
        foreach (var (name, table) in _tables)
        {
            doc.AppendLine(CultureInfo.InvariantCulture, $"### {name}").AppendLine().AppendLine(table).AppendLine();
        }

        ExtensionHandleSection.Write(doc, summary, this);

        if (this["CachedImport"] is var (cachedNs, cachedBytes) && this["DictionaryLookup"] is var (dictNs, _))
        {
            summary.Headlines.Add($"cached `Import(name)` {N(cachedNs, 2)} ns, {N(cachedBytes ?? 0, 0)} B allocated ({Ratio(cachedNs, dictNs)} a `Dictionary` look-up)");
            summary.Goal("cached import ≤ 15 ns, 0 allocations", $"{N(cachedNs, 2)} ns median, {N(cachedBytes ?? 0, 0)} B/op", cachedNs <= 15 && (cachedBytes ?? 0) == 0);
        }

        if (this["HostImport"] is var (hostNs, _) && this["RawLoadContext"] is var (rawNs, _))
        {
            var mcMaster = this["McMasterLoader"]?.MedianNs;
            summary.Headlines.Add($"cold import {N(hostNs / 1000, 0)} µs, {Ratio(hostNs, rawNs)} a bare collectible ALC ({N(rawNs / 1000, 0)} µs)"
                + (mcMaster is { } m ? string.Create(CultureInfo.InvariantCulture, $"; bare McMaster loader {N(m / 1000, 0)} µs ({Ratio(m, rawNs)})") : string.Empty));
            summary.Goal("cold import ≤ 1.5× raw ALC baseline", $"{Ratio(hostNs, rawNs)} ({N(hostNs / 1000, 0)} µs vs {N(rawNs / 1000, 0)} µs, medians)", hostNs <= 1.5 * rawNs);
        }
    }
}
