using Microsoft.Extensions.Time.Testing;

namespace PluginHost.Tests.Support;

/// <summary>Drives a fake clock through work that waits on it (quiesce, GC verification) until the work is done.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Advances the clock by <paramref name="step"/> (10 ms by default) until <paramref name="work"/> is done:
    /// a wait the work starts after an advance is met by the next one.
    /// </summary>
    public static async Task DriveUntilDone(this FakeTimeProvider clock, Task work, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!work.IsCompleted)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the work never completed");
            clock.Advance(step ?? TimeSpan.FromMilliseconds(10));
            await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);
        }

        await work.ConfigureAwait(false);
    }
}
