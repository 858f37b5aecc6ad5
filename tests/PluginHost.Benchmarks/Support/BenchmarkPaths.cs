using System.Reflection;

namespace PluginHost.Benchmarks.Support;

/// <summary>Where the build put the repository and the fixture plugins, from generated assembly metadata (build/Benchmark.targets).</summary>
internal static class BenchmarkPaths
{
    /// <summary>The small fixture plugin every load benchmark imports.</summary>
    public const string Counting = "CountingPlugin";

    /// <summary>The command <see cref="Counting"/> registers; calling it is the "first call" of a cold import.</summary>
    public const string CountingEcho = "counting.echo";

    /// <summary>The fixture plugin that implements FixtureContracts.ICalculator, for the extension-handle benchmarks.</summary>
    public const string Calculator = "Calculator";

    /// <summary>The host's contracts assembly, shared with plugins so a plugin's ICalculator is the host's.</summary>
    public const string Contracts = "FixtureContracts";

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    /// <summary>artifacts/fixtures/: each fixture deployed as &lt;Name&gt;/&lt;Name&gt;.dll.</summary>
    public static string FixturesRoot { get; } = Metadata("FixturesRoot");

    /// <summary>The entry assembly of one fixture, or a message that says to build first.</summary>
    public static string FixtureAssembly(string name)
    {
        var path = Path.Combine(FixturesRoot, name, name + ".dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The fixture plugin '{name}' was not built into '{path}'. Build the solution in Release first (build/bench.sh does).");
    }

    private static string Metadata(string key) =>
        typeof(BenchmarkPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
