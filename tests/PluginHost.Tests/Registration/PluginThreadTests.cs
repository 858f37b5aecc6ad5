using PluginHost.Registration;

namespace PluginHost.Tests.Registration;

[TestFixture]
public sealed class PluginThreadTests
{
    [Test]
    public async Task Run_CodeReturns_CompletesOnThePluginThreadSoABlockedCallerNeedsNoPoolThread()
    {
        // A caller blocked on Register is woken by the task's synchronous continuation. Had the task queued its
        // continuations to the pool instead, a host whose pool is saturated would not wake it for seconds.
        // The continuation is attached while the code still runs, so it cannot run inline on this thread instead.
        using var attached = new ManualResetEventSlim();
        var running = PluginThread.Run(() => attached.Wait());
        var completion = running.ContinueWith(static _ => Thread.CurrentThread.Name, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        attached.Set();
        var completedOn = await completion;

        Assert.That(completedOn, Is.EqualTo("PluginHost plugin code"));
    }

    [Test]
    public async Task Run_CodeThrows_TheTaskFaultsWithWhatItThrew()
    {
        var thrown = new InvalidOperationException("from the plugin");
        Action code = () => throw thrown;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PluginThread.Run(code));

        Assert.That(error?.Message, Is.EqualTo("from the plugin"));
    }

    [Test]
    public void RunWithin_CodeReturns_ReturnsOnlyOnceItHasRunOnAPluginThread()
    {
        string? ranOn = null;

        PluginThread.RunWithin(() => ranOn = Thread.CurrentThread.Name, TimeSpan.FromMinutes(1), TimeProvider.System);

        Assert.That(ranOn, Is.EqualTo("PluginHost plugin code"));
    }

    [Test]
    public void RunWithin_CodeThrows_RethrowsWhatItThrew()
    {
        Action code = () => throw new InvalidOperationException("from the plugin");

        var error = Assert.Throws<InvalidOperationException>(() => PluginThread.RunWithin(code, TimeSpan.FromMinutes(1), TimeProvider.System));

        Assert.That(error?.Message, Is.EqualTo("from the plugin"));
    }

    [Test]
    public void RunWithin_CodeStillRunningWhenTheLimitPasses_ThrowsTimeoutAndLeavesItRunning()
    {
        // A limit of zero has passed once the caller stops spinning: no clock needs to move.
        using var release = new ManualResetEventSlim();
        using var finished = new ManualResetEventSlim();

        Assert.Throws<TimeoutException>(() => PluginThread.RunWithin(
            () =>
            {
                release.Wait();
                finished.Set();
            },
            TimeSpan.Zero,
            TimeProvider.System));

        Assert.That(finished.IsSet, Is.False);
        release.Set();
        Assert.That(finished.Wait(TimeSpan.FromSeconds(30)), Is.True, "the abandoned code went on running on its thread");
    }
}
