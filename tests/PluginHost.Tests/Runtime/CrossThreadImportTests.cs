using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>Per-name import locks across threads: cycles between two threads are reported or resolved, never a deadlock.</summary>
[TestFixture]
public sealed class CrossThreadImportTests : ScratchFixture
{
    [Test]
    public void Import_RequiresCycleFromTwoThreads_FailsWithTheChainInsteadOfDeadlocking()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "A", "requires = [\"B\"]");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "B", "requires = [\"A\"]");
        using var runtime = TestRuntime.Create(Scratch.Path);
        runtime.Finders.AddFirst(new SlowFinder(TimeSpan.FromMilliseconds(150)));

        var imports = new[] { "A", "B" }.Select(name => Task.Run(() => Assert.Throws<PluginImportException>(() => runtime.Import(name))!)).ToArray();
        var finished = Task.WaitAll(imports, TimeSpan.FromSeconds(20));

        Assert.That(finished, Is.True, "no deadlock");
        Assert.That(imports.Select(t => t.Result.Failure), Is.All.EqualTo(ImportFailure.Cycle));
        Assert.That(imports.Select(t => t.Result.Message), Has.Some.Contain("A -> B -> A").Or.Some.Contain("B -> A -> B"));
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Import_RegisterCycleFromTwoThreads_BothLoad()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "A");
        FixturePlugins.AddManifestPlugin(Scratch.Path, "B");
        using var runtime = new TestRuntime()
            .SearchPaths(Scratch.Path)
            .Plugin("A", ("import", "B"), ("delay_ms", "150"))
            .Plugin("B", ("import", "A"), ("delay_ms", "150"))
            .Build();

        var imports = new[] { "A", "B" }.Select(name => Task.Run(() => runtime.Import(name))).ToArray();
        var finished = Task.WaitAll(imports, TimeSpan.FromSeconds(20));

        Assert.That(finished, Is.True, "no deadlock");
        Assert.That(runtime.Loaded.Select(p => p.Name), Is.EquivalentTo(new[] { "A", "B" }));
    }
}
