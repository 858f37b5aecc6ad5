using PluginHost.Configuration;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>ImportAll on several threads: the outcomes of a serial import, requirements committed before what requires them.</summary>
[TestFixture]
public sealed class ParallelImportTests : ScratchFixture
{
    // Configured in an order that puts dependents before what they require, with every kind of failure.
    private static readonly PluginEntry[] s_entries =
    [
        new() { Name = "E" },
        new() { Name = "C" },
        new() { Name = "B" },
        new() { Name = FixturePlugins.Throwing },
        new() { Name = "A" },
        new() { Name = "F" },
        new() { Name = "G" },
        new() { Name = "Nowhere" },
        new() { Name = "D" },
        new() { Name = "Off", Enabled = false },
        new() { Name = "H" },
    ];

    [SetUp]
    public void CreatePlugins()
    {
        FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Throwing);
        FixturePlugins.AddManifestPlugin(Scratch.Path, "A", "version = \"1.0.0\"");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "B", "requires = [\"A\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "C", "requires = [\"B\", \"Hidden\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Hidden", "requires = [\"D\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "D");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "E", $"requires = [\"{FixturePlugins.Throwing}\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "F", "requires = [\"Missing\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "G", "requires = [\"A >= 2.0\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Off");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "H");
    }

    [Test]
    public void ImportAll_InParallel_GivesTheOutcomesOfASerialImport()
    {
        using var serial = Runtime(1, s_entries);
        using var parallel = Runtime(4, s_entries);

        var expected = serial.ImportAll();
        var actual = parallel.ImportAll();

        Assert.That(actual.Select(Describe), Is.EqualTo(expected.Select(Describe)));
        Assert.That(expected.Select(o => o.Status), Has.Some.EqualTo(ImportStatus.Failed).And.Some.EqualTo(ImportStatus.Disabled), "the set has failures to compare");
        Assert.That(parallel.Loaded.Select(p => p.Name), Is.EquivalentTo(serial.Loaded.Select(p => p.Name)));
        Assert.That(parallel.Registry.Commands.Select(c => c.Name), Is.EqualTo(serial.Registry.Commands.Select(c => c.Name)));
    }

    [Test]
    public void ImportAll_InParallel_StartsEachPluginAfterWhatItRequiresCommitted()
    {
        using var runtime = Runtime(4, s_entries);

        runtime.ImportAll();

        var loaded = runtime.Loaded.ToDictionary(p => p.Name);
        foreach (var (dependent, required) in new[] { ("B", "A"), ("C", "B"), ("C", "Hidden"), ("Hidden", "D") })
        {
            Assert.That(loaded[dependent].LoadOrder, Is.GreaterThan(loaded[required].ReadyOrder), $"{dependent} loaded after {required} committed");
        }
    }

    [Test]
    public void ImportAll_InParallelWithARequiresCycle_GivesTheOutcomesOfASerialImport()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "X", "requires = [\"Y\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Y", "requires = [\"X\"]");
        PluginEntry[] entries = [new() { Name = "Y" }, new() { Name = "A" }, new() { Name = "X" }];
        using var serial = Runtime(1, entries);
        using var parallel = Runtime(4, entries);

        var expected = serial.ImportAll();
        var actual = parallel.ImportAll();

        Assert.That(actual.Select(Describe), Is.EqualTo(expected.Select(Describe)));
        Assert.That(expected[0].Error!.Message, Does.Contain("Y -> X -> Y"));
    }

    [Test]
    public void ImportAll_Cancelled_Throws()
    {
        using var runtime = Runtime(4, s_entries);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(() => runtime.ImportAll(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Constructor_ParallelismBelowOne_Throws()
    {
        Assert.That(() => new TestRuntime().ImportParallelism(0).Build(), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static (string, ImportStatus, string?, string?, int?, string?) Describe(ImportOutcome outcome) =>
        (outcome.Name, outcome.Status, outcome.Error?.Failure.ToString(), outcome.Error?.Message, outcome.Plugin?.Generation, outcome.Plugin?.Origin);

    private PluginRuntime Runtime(int parallelism, PluginEntry[] entries)
    {
        var builder = new TestRuntime().SearchPaths(Scratch.Path).ImportParallelism(parallelism);
        foreach (var entry in entries)
        {
            builder.Plugin(entry);
        }

        return builder.Build();
    }
}
