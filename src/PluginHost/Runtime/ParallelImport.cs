using System.Runtime.ExceptionServices;
using PluginHost.Configuration;
using PluginHost.Registration;
using PluginHost.Results;
using Serilog;

namespace PluginHost.Runtime;

/// <summary>
/// <see cref="PluginRuntime.ImportAll"/>: the configured plugins imported by a few threads at once, with
/// the outcomes a serial import gives. A plugin starts only once every configured plugin it requires
/// (directly, or through requirements that are not configured) has finished; among the plugins ready to
/// start, the earliest configured goes first; outcomes are reported in configuration order, and a
/// contract's implementations are listed in the order a serial import gives. Each plugin is found once,
/// beforehand, to learn what it requires; its import uses that find.
/// </summary>
/// <remarks>
/// A <c>requires</c> cycle among them makes the whole call serial: a serial import reports a cycle with
/// the chain from the first plugin of it that was configured, which only a serial import reproduces.
/// Imports a plugin makes from its Register without declaring them may meet a plugin another thread is
/// registering; they wait for it, as Python's import waits for a module another thread initialises. Such an
/// undeclared import does not move the imported plugin's implementations ahead of the importer's, as a
/// serial import would: declare it with <c>requires</c>.
/// </remarks>
internal sealed class ParallelImport(ImportTransaction transaction, Resolver resolver, PluginRegistry registry, ILogger log)
{
    private readonly object _gate = new();
    private readonly PriorityQueue<int, int> _ready = new();
    private int _remaining;
    private ExceptionDispatchInfo? _failure;

    /// <exception cref="OperationCanceledException">The token was cancelled; imports under way finished first.</exception>
    public IReadOnlyList<ImportOutcome> Run(IReadOnlyList<PluginEntry> entries, int parallelism, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var enabled = entries.Count(e => e.Enabled);
        if (parallelism > 1 && enabled > 1 && Plan(entries, parallelism) is { } schedule)
        {
            return RunParallel(entries, schedule, parallelism, cancellationToken);
        }

        var outcomes = new List<ImportOutcome>(entries.Count);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(transaction.ImportEntry(entry, found: null));
        }

        return outcomes;
    }

    /// <summary>Finds every enabled plugin (in parallel) and works out who waits for whom; null when a cycle makes it serial.</summary>
    private Schedule? Plan(IReadOnlyList<PluginEntry> entries, int parallelism)
    {
        var found = new FindResult?[entries.Count];
        Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            if (entries[i].Enabled)
            {
                found[i] = resolver.TryFind(entries[i].Name);
            }
        });

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Enabled)
            {
                index[entries[i].Name] = i;
            }
        }

        var others = new Dictionary<string, FindResult?>(StringComparer.Ordinal);
        var plan = DependencyPlanner.Plan(index.Keys, name =>
            index.TryGetValue(name, out var i) ? found[i] : others.TryGetValue(name, out var known) ? known : others[name] = resolver.TryFind(name));
        if (plan.Cycles.Count > 0)
        {
            return null;
        }

        // A contract's implementations are listed in their plugins' first commit order: the serial one, whichever thread commits first.
        registry.ReserveRanks(plan.Order);

        // What each name waits for: the configured plugins it requires, seen through requirements that are not configured.
        var waits = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        HashSet<int> WaitsOf(string name)
        {
            if (waits.TryGetValue(name, out var known))
            {
                return known;
            }

            var set = new HashSet<int>();
            foreach (var requirement in plan.Requires.GetValueOrDefault(name) ?? [])
            {
                if (index.TryGetValue(requirement.Name, out var configured))
                {
                    set.Add(configured);
                }
                else
                {
                    set.UnionWith(WaitsOf(requirement.Name));
                }
            }

            return waits[name] = set;
        }

        var pending = new int[entries.Count];
        var dependents = new List<int>?[entries.Count];
        foreach (var (name, i) in index)
        {
            foreach (var required in WaitsOf(name))
            {
                pending[i]++;
                (dependents[required] ??= []).Add(i);
            }
        }

        return new Schedule(found, pending, dependents);
    }

    private ImportOutcome[] RunParallel(IReadOnlyList<PluginEntry> entries, Schedule schedule, int parallelism, CancellationToken cancellationToken)
    {
        var outcomes = new ImportOutcome[entries.Count];
        _remaining = entries.Count;
        for (var i = 0; i < entries.Count; i++)
        {
            if (schedule.Pending[i] == 0)
            {
                _ready.Enqueue(i, i);
            }
        }

        void Work()
        {
            while (Next(cancellationToken) is { } next)
            {
                try
                {
                    outcomes[next] = transaction.ImportEntry(entries[next], schedule.Found[next]);
                }
#pragma warning disable CA1031 // Not the plugin's fault (ImportEntry turns those into outcomes): a bug, rethrown on the calling thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    lock (_gate)
                    {
                        _failure ??= ExceptionDispatchInfo.Capture(e);
                    }
                }

                Done(next, schedule);
            }
        }

        using var wake = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });

        // Threads of their own, not the pool's: imports block on Register and on each other, and the caller may be a pool thread.
        var workers = Enumerable.Range(1, Math.Min(parallelism, entries.Count) - 1).Select(_ => new Thread(Work) { IsBackground = true, Name = "PluginHost import" }).ToList();
        foreach (var worker in workers)
        {
            // Unsafe: a worker must not flow the caller's import frames or act for its import locks.
            worker.UnsafeStart();
        }

        Work();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        _failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        log.Debug("Imported {Count} plugins with {Parallelism} threads", entries.Count, workers.Count + 1);
        return outcomes;
    }

    private int? Next(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (true)
            {
                if (cancellationToken.IsCancellationRequested || _failure is not null || _remaining == 0)
                {
                    return null;
                }

                if (_ready.TryDequeue(out var next, out _))
                {
                    return next;
                }

                Monitor.Wait(_gate);
            }
        }
    }

    private void Done(int finished, Schedule schedule)
    {
        lock (_gate)
        {
            _remaining--;
            foreach (var dependent in schedule.Dependents[finished] ?? [])
            {
                if (--schedule.Pending[dependent] == 0)
                {
                    _ready.Enqueue(dependent, dependent);
                }
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Each entry's find, how many entries it still waits for, and who waits for it.</summary>
    private sealed record Schedule(FindResult?[] Found, int[] Pending, List<int>?[] Dependents);
}
