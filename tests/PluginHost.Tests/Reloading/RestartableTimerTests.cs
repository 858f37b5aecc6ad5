using Microsoft.Extensions.Time.Testing;
using PluginHost.Reloading;

namespace PluginHost.Tests.Reloading;

[TestFixture]
public sealed class RestartableTimerTests
{
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(50);

    [Test]
    public async Task IsDue_CallbackOnItsWayFromBeforeARestart_IsNotDueAndTheTimerWaitsForTheRest()
    {
        var clock = new FakeTimeProvider();
        var due = 0;
        RestartableTimer timer = null!;
        timer = new RestartableTimer(clock, () => due += timer.IsDue() ? 1 : 0);
        await using var disposing = timer;

        timer.Start(s_quiet);
        clock.Advance(TimeSpan.FromMilliseconds(40));
        timer.Start(s_quiet);

        Assert.That(timer.IsDue(), Is.False, "the callback of the first start, come late");
        clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.That(due, Is.Zero);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(due, Is.EqualTo(1));
    }

    [Test]
    public async Task IsDue_AfterStop_IsNeverDue()
    {
        var clock = new FakeTimeProvider();
        var due = 0;
        RestartableTimer timer = null!;
        timer = new RestartableTimer(clock, () => due += timer.IsDue() ? 1 : 0);
        await using var disposing = timer;

        timer.Start(s_quiet);
        timer.Stop();
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(timer.IsDue(), Is.False);
        Assert.That(due, Is.Zero);
    }
}
