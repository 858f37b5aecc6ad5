using Microsoft.Extensions.Time.Testing;
using PluginHost.Registration;

namespace PluginHost.Tests.Registration;

[TestFixture]
public sealed class GenerationLeaseTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task RetireAsync_NoCallInside_CompletesAtOnceAndRefusesNewCalls()
    {
        var lease = new GenerationLease();

        var drained = await lease.RetireAsync(s_timeout, new FakeTimeProvider(), CancellationToken.None);

        Assert.That(drained, Is.True);
        Assert.That(lease.IsRetired, Is.True);
        Assert.That(lease.TryEnter(), Is.False);
        Assert.That(lease.ActiveCalls, Is.Zero);
    }

    [Test]
    public async Task RetireAsync_CallInside_WaitsForTheLastCallToLeave()
    {
        var lease = new GenerationLease();
        Assert.That(lease.TryEnter(), Is.True);
        Assert.That(lease.TryEnter(), Is.True);

        var retiring = lease.RetireAsync(s_timeout, new FakeTimeProvider(), CancellationToken.None);
        lease.Exit();
        var afterOneLeft = retiring.IsCompleted;
        lease.Exit();

        Assert.That(afterOneLeft, Is.False, "one call was still inside");
        Assert.That(await retiring, Is.True);
    }

    [Test]
    public async Task RetireAsync_CallNeverLeaves_GivesUpWhenTheFakeClockPassesTheTimeout()
    {
        var clock = new FakeTimeProvider();
        var lease = new GenerationLease();
        lease.TryEnter();

        var retiring = lease.RetireAsync(s_timeout, clock, CancellationToken.None);
        clock.Advance(s_timeout - TimeSpan.FromMilliseconds(1));
        var beforeTimeout = retiring.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(beforeTimeout, Is.False);
        Assert.That(await retiring, Is.False);
    }

    [Test]
    public async Task RetireAsync_Cancelled_ThrowsWhileTheCallIsStillInside()
    {
        var lease = new GenerationLease();
        lease.TryEnter();
        using var cancellation = new CancellationTokenSource();

        var retiring = lease.RetireAsync(s_timeout, new FakeTimeProvider(), cancellation.Token);
        await cancellation.CancelAsync();

        Assert.That(async () => await retiring, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(lease.ActiveCalls, Is.EqualTo(1));
    }
}
