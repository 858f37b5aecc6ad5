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
    private readonly object _gate = new();
    private readonly Dictionary<string, Owner> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _waiting = [];

    /// <summary>Takes the lock for a name; dispose the result to release it.</summary>
    /// <exception cref="PluginImportException">Waiting would deadlock (<see cref="ImportFailure.Cycle"/>).</exception>
    public Releaser Enter(string name)
    {
        var me = Environment.CurrentManagedThreadId;
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
                try
                {
                    Monitor.Wait(_gate);
                }
                finally
                {
                    _waiting.Remove(me);
                }
            }
        }
    }

    /// <summary>Whether the thread is blocked in <see cref="Enter"/>, waiting for a name; for tests and diagnostics.</summary>
    internal bool IsWaiting(int managedThreadId)
    {
        lock (_gate)
        {
            return _waiting.ContainsKey(managedThreadId);
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
