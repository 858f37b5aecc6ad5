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
}
