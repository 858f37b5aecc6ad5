using PluginHost.Leaks.Tests.Support;
using PluginHost.Results;

namespace PluginHost.Leaks.Tests;

/// <summary>What a user reads when a leak cannot be explained, checked word for word where it matters.</summary>
[NonParallelizable]
public sealed class LeakExplainerErrorTests
{
    [Test]
    public async Task ExplainAsync_CollectedResult_SaysThereIsNoLeak()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => LeakExplainer.ExplainAsync(new UnloadResult("Greeter", 2, true, 1)));
        Assert.That(error!.Message, Does.StartWith("The plugin 'Greeter' generation 2 was collected, so there is no leak to explain."));
    }

    [Test]
    public async Task ExplainAsync_ResultNotFromRuntime_SaysToExplainWhatPluginHostGave()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => LeakExplainer.ExplainAsync(new UnloadResult("Greeter", 2, false, 12)));
        Assert.That(error!.Message, Does.StartWith("The UnloadResult of 'Greeter' generation 2 does not identify a load context"));
    }

    [Test]
    public void Take_SnapshotRefused_SaysWhatTheContainerNeeds()
    {
        var error = Assert.Throws<LeakSnapshotException>(() => HeapSnapshot.Take(_ => throw new InvalidOperationException("ptrace(ATTACH) failed: Operation not permitted.")));
        Assert.That(error!.Message, Does.StartWith($"Could not take a snapshot of this process (pid {Environment.ProcessId}) to explain the leak: ptrace(ATTACH) failed: Operation not permitted.")
            .And.Contain("--cap-add=SYS_PTRACE"));
    }

    [Test]
    public async Task ExplainAsync_SlowerThanTimeout_StopsAndSaysSo()
    {
        await using var plugins = LeakingPlugins.Import(new Dictionary<string, string> { ["LeakSlow"] = "app-context" });
        var leak = (await plugins.UnloadAllAsync())["LeakSlow"];
        Assert.That(leak.Collected, Is.False);
        var original = LeakExplainer.TakeSnapshot;
        LeakExplainer.TakeSnapshot = () =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(2));
            throw new OperationCanceledException();
        };
        try
        {
            var error = await Assert.ThrowsAsync<LeakSnapshotException>(() => LeakExplainer.ExplainAsync(leak, new LeakExplainerOptions { Timeout = TimeSpan.FromMilliseconds(100) }));
            Assert.That(error!.Message, Does.StartWith("Explaining the leak of 'LeakSlow' generation 1 took longer than the time limit of 0.1 s and was stopped"));
        }
        finally
        {
            LeakExplainer.TakeSnapshot = original;
            AppContext.SetData("LeakZoo.State", null);
        }
    }

    [Test]
    public void ToString_CollectedMeanwhile_SaysItWasSlowNotLeaked() =>
        Assert.That(
            new LeakExplanation { Plugin = "Greeter", Generation = 3, StillAlive = false }.ToString(),
            Is.EqualTo("Greeter generation 3 was collected after all by the time the snapshot was taken: it was slow to unload, not leaked."));

    [Test]
    public void ToString_NoRoot_SaysNativeCodeMayHoldIt() =>
        Assert.That(
            new LeakExplanation { Plugin = "Greeter", Generation = 3, StillAlive = true }.ToString(),
            Does.StartWith("Greeter generation 3 is still alive, but no root reaches an object of its types"));
}
