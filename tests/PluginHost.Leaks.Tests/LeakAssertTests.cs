using PluginHost.Leaks.Tests.Support;

namespace PluginHost.Leaks.Tests;

/// <summary>
/// The helper a plugin's own tests call after unloading it: quiet when the generation was collected, and
/// a failure that names what holds it when not. One snapshot in all (only a real leak takes one).
/// </summary>
[NonParallelizable]
public sealed class LeakAssertTests
{
    [Test]
    public async Task CollectedAsync_PluginThatLeaks_FailsWithTheExplanationNamingTheRoot()
    {
        await using var plugins = LeakingPlugins.Import(new Dictionary<string, string> { ["AssertedExit"] = "process-exit" });
        var unloaded = (await plugins.UnloadAllAsync())["AssertedExit"];
        Assert.That(unloaded.Collected, Is.False, "the ProcessExit handler was expected to keep the generation alive");

        var error = await Assert.ThrowsAsync<PluginLeakedException>(() => LeakAssert.CollectedAsync(unloaded));

        Assert.That(error!.Message, Does.StartWith("AssertedExit generation 1 is kept alive by ")
            .And.Contain("1. static event AppDomain.CurrentDomain.ProcessExit")
            .And.Contain("owned by the framework (System.Private.CoreLib)")
            .And.Contain("-> LeakZoo.ProcessExitLeak  (the plugin's)")
            .And.Contain("Fix: "));
        Assert.That(error.Explanation, Is.Not.Null);
        Assert.That(error.Message, Is.EqualTo(error.Explanation!.ToString()));
        Assert.That(error.Leak, Is.SameAs(unloaded));
    }

    [Test]
    public async Task CollectedAsync_PluginThatLetsGo_ReturnsQuietly()
    {
        await using var plugins = LeakingPlugins.Import(new Dictionary<string, string> { ["AssertedClean"] = "none" });
        var unloaded = (await plugins.UnloadAllAsync())["AssertedClean"];
        Assert.That(unloaded.Collected, Is.True, unloaded.LeakReport);

        await LeakAssert.CollectedAsync(unloaded);
    }

    [Test]
    public async Task CollectedAsync_NoSnapshotPossible_StillFailsOnTheLeakAndSaysWhyItIsUnexplained()
    {
        await using var plugins = LeakingPlugins.Import(new Dictionary<string, string> { ["AssertedUnexplained"] = "process-exit" });
        var unloaded = (await plugins.UnloadAllAsync())["AssertedUnexplained"];
        Assert.That(unloaded.Collected, Is.False);
        var original = LeakExplainer.TakeSnapshot;
        LeakExplainer.TakeSnapshot = () => throw new LeakSnapshotException("No snapshot in this container.");
        try
        {
            var error = await Assert.ThrowsAsync<PluginLeakedException>(() => LeakAssert.CollectedAsync(unloaded));

            Assert.That(error!.Message, Does.StartWith("The plugin 'AssertedUnexplained' generation 1 was released, but its load context is still alive")
                .And.EndWith("It could not be explained here: No snapshot in this container."));
            Assert.That(error.InnerException, Is.TypeOf<LeakSnapshotException>());
            Assert.That(error.Explanation, Is.Null);
        }
        finally
        {
            LeakExplainer.TakeSnapshot = original;
        }
    }
}
