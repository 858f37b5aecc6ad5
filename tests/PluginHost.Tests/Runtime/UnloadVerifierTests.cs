using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using PluginHost.Runtime;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

[TestFixture]
public sealed class UnloadVerifierTests
{
    [Test]
    public async Task WaitForCollectionAsync_NothingHoldsIt_ReportsCollectedWithoutWaitingOnTheClock()
    {
        var garbage = WeakToGarbage();

        var verdicts = await UnloadVerifier.WaitForCollectionAsync([garbage], new FakeTimeProvider(), CancellationToken.None);

        Assert.That(verdicts.Single().Collected, Is.True);
        Assert.That(verdicts.Single().Passes, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public async Task WaitForCollectionAsync_SomethingHoldsIt_ReportsTheLeakAfterTheLastPass()
    {
        var clock = new FakeTimeProvider();
        var held = new object();
        var garbage = WeakToGarbage();

        var verifying = UnloadVerifier.WaitForCollectionAsync([new WeakReference(held), garbage], clock, CancellationToken.None, maxPasses: 5);
        await clock.DriveUntilDone(verifying);
        var verdicts = await verifying;

        Assert.That(verdicts[0], Is.EqualTo((false, 5)));
        Assert.That(verdicts[1].Collected, Is.True, "one leak does not hide the others' collection");
        GC.KeepAlive(held);
    }

    [Test]
    public void WaitForCollectionAsync_CancelledWhileWaitingOnTheClock_Throws()
    {
        var held = new object();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(
            async () => await UnloadVerifier.WaitForCollectionAsync([new WeakReference(held)], new FakeTimeProvider(), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        GC.KeepAlive(held);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakToGarbage() => new(new object());
}
