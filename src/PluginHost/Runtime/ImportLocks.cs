using PluginHost.Diagnostics;

namespace PluginHost.Runtime;

/// <summary>
/// Per-name import locks (Python's module locks) that know who waits for whom. Re-entrant for the
/// owning thread. Before a thread blocks on a name, the wait-for chain is followed (owner of the name,
/// the name that owner waits for, its owner, ...); if it leads back to this thread, blocking would
/// deadlock, so the import fails with the chain instead, as Python's <c>_ModuleLock</c> does.
/// </summary>
internal sealed class ImportLocks
{
    // A plugin's Register runs on a worker; the imports it makes belong to the import running it, so the
    // worker acts as that import's owner (set for its flow only; any other thread is itself).
    private static readonly AsyncLocal<int> s_actingFor = new();

    private readonly object _gate = new();
    private readonly Dictionary<int, string> _waitingThreads = [];
    private readonly Dictionary<string, Owner> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _waiting = [];

    /// <summary>Takes the lock for a name; dispose the result to release it.</summary>
    /// <exception cref="PluginImportException">Waiting would deadlock (<see cref="ImportFailure.Cycle"/>).</exception>
    /// <summary>Who takes locks here: the current thread, or the import a worker runs Register for.</summary>
    public static int CurrentOwner => s_actingFor.Value is var owner and not 0 ? owner : Environment.CurrentManagedThreadId;

    /// <summary>Makes the current flow (a worker running Register) take locks as <paramref name="owner"/>.</summary>
    public static void ActFor(int owner) => s_actingFor.Value = owner;

    public Releaser Enter(string name)
    {
        var me = CurrentOwner;
        lock (_gate)
        {
            while (true)
            {
                if (!_owners.TryGetValue(name, out var owner))
                {
                    _owners[name] = new Owner { Thread = me, Count = 1 };
                    return new Releaser(this, name);
                }

                if (owner.Thread == me)
                {
                    owner.Count++;
                    return new Releaser(this, name);
                }

                if (DeadlockChain(name, me) is { } chain)
                {
                    throw new PluginImportException(name, ImportFailure.Cycle, Messages.ImportDeadlock(chain)) { Chain = chain };
                }

                _waiting[me] = name;
                _waitingThreads[Environment.CurrentManagedThreadId] = name;
                try
                {
                    Monitor.Wait(_gate);
                }
                finally
                {
                    _waiting.Remove(me);
                    _waitingThreads.Remove(Environment.CurrentManagedThreadId);
                }
            }
        }
    }

    /// <summary>Whether the thread is blocked in <see cref="Enter(string)"/>, waiting for a name; for tests and diagnostics.</summary>
    internal bool IsWaiting(int managedThreadId)
    {
        lock (_gate)
        {
            return _waitingThreads.ContainsKey(managedThreadId);
        }
    }

    private void Exit(string name)
    {
        lock (_gate)
        {
            var owner = _owners[name];
            if (--owner.Count == 0)
            {
                _owners.Remove(name);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The names in the wait-for cycle through <paramref name="wanted"/>, or null when waiting is safe.</summary>
    private List<string>? DeadlockChain(string wanted, int me)
    {
        var chain = new List<string> { wanted };
        var name = wanted;
        for (var hops = 0; hops <= _owners.Count; hops++)
        {
            if (!_owners.TryGetValue(name, out var owner)
                || !_waiting.TryGetValue(owner.Thread, out var next)
                || !_owners.TryGetValue(next, out var nextOwner))
            {
                return null;
            }

            chain.Add(next);
            if (nextOwner.Thread == me)
            {
                // "B -> A -> B": the name this thread holds, what it wants, and back.
                chain.Insert(0, next);
                return chain;
            }

            name = next;
        }

        return null;
    }

    private sealed class Owner
    {
        public int Thread { get; init; }

        public int Count { get; set; }
    }

    /// <summary>Releases one entry of a name's lock.</summary>
    public readonly struct Releaser(ImportLocks locks, string name) : IDisposable
    {
        public void Dispose() => locks.Exit(name);
    }
}
