using System.Collections.Concurrent;
using PluginHost.Diagnostics;
using PluginHost.Runtime;

namespace PluginHost.Tests.Runtime;

/// <summary>
/// The per-name import locks on their own, each importer on a thread of its own. Every ordering is made
/// with events, never with sleeps; every wait is bounded, so a bug fails the test instead of hanging it.
/// </summary>
[TestFixture]
public sealed class ImportLocksTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    [Test]
    public void Enter_SameThreadEntersANameItHolds_ReturnsWithoutBlocking()
    {
        var locks = new ImportLocks();

        var importer = OnThread(() =>
        {
            using var outer = locks.Enter("A");
            using var inner = locks.Enter("A");
        }, out _);

        Assert.That(importer.Wait(s_bound), Is.True, "entering a held name again on the same thread returned");
    }

    [Test]
    public void Enter_ReenteredNameReleasedOnce_StaysHeldUntilTheLastRelease()
    {
        var locks = new ImportLocks();
        using var releasedOnce = new ManualResetEventSlim();
        using var releaseOuter = new ManualResetEventSlim();
        var holder = OnThread(() =>
        {
            using (locks.Enter("A"))
            {
                locks.Enter("A").Dispose();
                releasedOnce.Set();
                Within(releaseOuter.Wait(s_bound));
            }
        }, out _);
        Assert.That(releasedOnce.Wait(s_bound), Is.True, "the holder entered A twice and released it once");

        var other = OnThread(() => locks.Enter("A").Dispose(), out var otherThread);

        Assert.That(WaitsInEnter(locks, otherThread, other), Is.True, "one release of two leaves the name held");
        releaseOuter.Set();
        Assert.That(Task.WaitAll([holder, other], s_bound), Is.True, "the last release lets the other thread in");
    }

    [Test]
    public void Enter_NameHeldByAnotherThread_BlocksUntilItIsReleased()
    {
        var locks = new ImportLocks();
        var events = new ConcurrentQueue<string>();
        var held = locks.Enter("A");

        var other = OnThread(() =>
        {
            using (locks.Enter("A"))
            {
                events.Enqueue("other entered A");
            }
        }, out var otherThread);

        Assert.That(WaitsInEnter(locks, otherThread, other), Is.True, "the other thread waits for A");
        events.Enqueue("holder released A");
        held.Dispose();
        Assert.That(other.Wait(s_bound), Is.True, "the release let the other thread in");
        Assert.That(events, Is.EqualTo(new[] { "holder released A", "other entered A" }));
    }

    [TestCase("A", "B")]
    [TestCase("Greeter", "greeter")]
    public void Enter_DifferentNames_DoNotBlockEachOther(string heldName, string otherName)
    {
        var locks = new ImportLocks();
        using var held = locks.Enter(heldName);

        var other = OnThread(() => locks.Enter(otherName).Dispose(), out _);

        Assert.That(other.Wait(s_bound), Is.True, $"'{otherName}' was entered while '{heldName}' was held");
    }

    [Test]
    public void Enter_WaitForChainNotLeadingBack_WaitsInsteadOfFailing()
    {
        // Second holds B. First holds A and waits for B. Third wants A: it waits behind First, who waits
        // behind Second, who waits for nobody. That is a queue, not a deadlock.
        var locks = new ImportLocks();
        using var bHeld = new ManualResetEventSlim();
        using var releaseB = new ManualResetEventSlim();
        using var aHeld = new ManualResetEventSlim();

        var second = OnThread(() =>
        {
            using (locks.Enter("B"))
            {
                bHeld.Set();
                Within(releaseB.Wait(s_bound));
            }
        }, out _);
        Assert.That(bHeld.Wait(s_bound), Is.True);
        var first = OnThread(() =>
        {
            using (locks.Enter("A"))
            {
                aHeld.Set();
                locks.Enter("B").Dispose();
            }
        }, out var firstThread);
        Assert.That(aHeld.Wait(s_bound), Is.True);
        Assert.That(WaitsInEnter(locks, firstThread, first), Is.True, "First waits for B");

        var third = OnThread(() => locks.Enter("A").Dispose(), out var thirdThread);

        Assert.That(WaitsInEnter(locks, thirdThread, third), Is.True, "Third waits for A instead of failing");
        releaseB.Set();
        Assert.That(Task.WaitAll([first, second, third], s_bound), Is.True, "each got its name in turn");
    }

    [Test]
    public void Enter_TwoThreadsEachWantTheOthersName_TheClosingOneFailsWithTheChainAndTheOtherProceedsWhenItReleases()
    {
        var locks = new ImportLocks();
        var events = new ConcurrentQueue<string>();
        using var bothHeld = new CountdownEvent(2);
        using var closeCycle = new ManualResetEventSlim();
        using var failed = new ManualResetEventSlim();
        using var releaseB = new ManualResetEventSlim();

        var first = OnThread(() =>
        {
            using (locks.Enter("A"))
            {
                bothHeld.Signal();
                Within(bothHeld.Wait(s_bound));
                using (locks.Enter("B"))
                {
                    events.Enqueue("first entered B");
                }
            }
        }, out var firstThread);
        var second = OnThread(() =>
        {
            using (locks.Enter("B"))
            {
                bothHeld.Signal();
                Within(closeCycle.Wait(s_bound));
                var error = TryEnter(locks, "A");
                failed.Set();
                Within(releaseB.Wait(s_bound));
                events.Enqueue("second released B");
                return error;
            }
        }, out _);

        Assert.That(WaitsInEnter(locks, firstThread, first), Is.True, "first holds A and waits for B");
        closeCycle.Set();
        Assert.That(failed.Wait(s_bound), Is.True, "second's Enter(\"A\") returned instead of blocking");
        Assert.That(locks.IsWaiting(firstThread), Is.True, "first still waits while second holds B");
        releaseB.Set();
        Assert.That(Task.WaitAll([first, second], s_bound), Is.True, "first proceeded once second released B");

        var error = second.Result;
        Assert.That(error, Is.Not.Null, "the closing move failed");
        Assert.That(error!.Failure, Is.EqualTo(ImportFailure.Cycle));
        Assert.That(error.PluginName, Is.EqualTo("A"));
        Assert.That(error.Chain, Is.EqualTo(new[] { "B", "A", "B" }));
        Assert.That(error.Message, Is.EqualTo(
            "Importing 'B' would wait forever: threads are importing these plugins in a cycle, each waiting for the next: B -> A -> B. "
            + "This import was stopped instead. Break the cycle of imports made from Register(), or declare the order with 'requires' in the plugins' manifests."));
        Assert.That(events, Is.EqualTo(new[] { "second released B", "first entered B" }));
    }

    [Test]
    public void Enter_ThreeThreadCycle_FailsTheClosingOneWithTheWholeChain()
    {
        // First holds A and wants B, Second holds B and wants C, Third holds C and wants A.
        var locks = new ImportLocks();
        var events = new ConcurrentQueue<string>();
        using var allHeld = new CountdownEvent(3);
        using var closeCycle = new ManualResetEventSlim();
        using var failed = new ManualResetEventSlim();
        using var releaseC = new ManualResetEventSlim();

        var first = OnThread(() => HoldThenEnter(locks, "A", "B", allHeld, events), out var firstThread);
        var second = OnThread(() => HoldThenEnter(locks, "B", "C", allHeld, events), out var secondThread);
        var third = OnThread(() =>
        {
            using (locks.Enter("C"))
            {
                allHeld.Signal();
                Within(closeCycle.Wait(s_bound));
                var error = TryEnter(locks, "A");
                failed.Set();
                Within(releaseC.Wait(s_bound));
                events.Enqueue("C released");
                return error;
            }
        }, out _);

        Assert.That(WaitsInEnter(locks, firstThread, first), Is.True, "first waits for B");
        Assert.That(WaitsInEnter(locks, secondThread, second), Is.True, "second waits for C");
        closeCycle.Set();
        Assert.That(failed.Wait(s_bound), Is.True, "third's Enter(\"A\") returned instead of blocking");
        Assert.That(locks.IsWaiting(firstThread) && locks.IsWaiting(secondThread), Is.True, "the others still wait while C is held");
        releaseC.Set();
        Assert.That(Task.WaitAll([first, second, third], s_bound), Is.True, "the others proceeded once third released C");

        var error = third.Result;
        Assert.That(error, Is.Not.Null, "the closing move failed");
        Assert.That(error!.Failure, Is.EqualTo(ImportFailure.Cycle));
        Assert.That(error.Chain, Is.EqualTo(new[] { "C", "A", "B", "C" }));
        Assert.That(error.Message, Is.EqualTo(
            "Importing 'C' would wait forever: threads are importing these plugins in a cycle, each waiting for the next: C -> A -> B -> C. "
            + "This import was stopped instead. Break the cycle of imports made from Register(), or declare the order with 'requires' in the plugins' manifests."));
        Assert.That(events, Is.EqualTo(new[] { "C released", "C entered", "B entered" }));
    }

    /// <summary>Holds <paramref name="held"/>, waits until every importer holds its name, then enters <paramref name="wanted"/>.</summary>
    private static void HoldThenEnter(ImportLocks locks, string held, string wanted, CountdownEvent allHeld, ConcurrentQueue<string> events)
    {
        using (locks.Enter(held))
        {
            allHeld.Signal();
            Within(allHeld.Wait(s_bound));
            using (locks.Enter(wanted))
            {
                events.Enqueue($"{wanted} entered");
            }
        }
    }

    /// <summary>Enters and releases a name; the deadlock failure, or null when the name was entered.</summary>
    private static PluginImportException? TryEnter(ImportLocks locks, string name)
    {
        try
        {
            locks.Enter(name).Dispose();
            return null;
        }
        catch (PluginImportException e)
        {
            return e;
        }
    }

    /// <summary>Whether the thread gets to wait inside <see cref="ImportLocks.Enter"/> (false when it got through or failed instead).</summary>
    private static bool WaitsInEnter(ImportLocks locks, int thread, Task importer) =>
        SpinWait.SpinUntil(() => locks.IsWaiting(thread) || importer.IsCompleted, s_bound) && locks.IsWaiting(thread);

    /// <summary>Fails an importer thread whose signal never came, so the test reports it instead of hanging.</summary>
    private static void Within(bool signalled)
    {
        if (!signalled)
        {
            throw new TimeoutException("An importer thread waited in vain for the test's signal.");
        }
    }

    private static Task<bool> OnThread(Action body, out int threadId) => OnThread(() =>
    {
        body();
        return true;
    }, out threadId);

    /// <summary>Runs <paramref name="body"/> on a new thread of its own (locks belong to threads, so no pool threads).</summary>
    private static Task<T> OnThread<T>(Func<T> body, out int threadId)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                outcome.SetResult(body());
            }
            catch (Exception e)
            {
                outcome.SetException(e);
            }
        })
        { IsBackground = true };
        threadId = thread.ManagedThreadId;
        thread.Start();
        return outcome.Task;
    }
}
