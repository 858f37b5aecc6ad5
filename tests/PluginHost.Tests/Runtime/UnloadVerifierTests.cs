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

    [Test]
    public async Task VerifyAsync_ACallArrivesWhileAnotherWaits_BothShareOneLoopOfPasses()
    {
        var clock = new FakeTimeProvider();
        var verifier = new UnloadVerifier(clock, maxPasses: 5);
        var (first, held) = (new object(), new object());

        // The first call's three immediate passes run at once; then the loop waits on the clock, and the second joins it.
        var firstVerdict = verifier.VerifyAsync([new WeakReference(first)], CancellationToken.None);
        var secondVerdict = verifier.VerifyAsync([new WeakReference(held), WeakToGarbage()], CancellationToken.None);
        await clock.DriveUntilDone(Task.WhenAll(firstVerdict, secondVerdict));

        Assert.That((await firstVerdict).Single(), Is.EqualTo((false, 5)));
        var second = await secondVerdict;
        Assert.That(second[0], Is.EqualTo((false, 5)), "each call counts its own passes from when it joined");
        Assert.That(second[1].Collected, Is.True, "and gets its own verdict for each context");
        Assert.That(verifier.PassesRun, Is.EqualTo(8), "3 passes for the first alone, 2 shared, 3 for the second alone: not 5 + 5");
        GC.KeepAlive(first);
        GC.KeepAlive(held);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakToGarbage() => new(new object());
}
