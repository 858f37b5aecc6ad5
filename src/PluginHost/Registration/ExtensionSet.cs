namespace PluginHost.Registration;

/// <summary>
/// The live set of every implementation of a contract that the loaded plugins provide, in the order the
/// plugins first registered them. Reading it always reflects the current generations; <see cref="Changed"/>
/// is raised after an import, reload or unload changed it. Get one from <see cref="PluginRegistry.All{TContract}"/>.
/// </summary>
/// <typeparam name="TContract">The contract, from an assembly the host shares with its plugins.</typeparam>
public sealed class ExtensionSet<TContract> : IDisposable
    where TContract : class
{
    private readonly PluginRegistry _registry;
    private readonly Lock _gate = new();
    private EventHandler? _changed;

    internal ExtensionSet(PluginRegistry registry) => _registry = registry;

    /// <summary>
    /// Raised after a commit (import, reload or unload) added, replaced or removed an implementation of
    /// the contract, on the thread that committed it.
    /// </summary>
    public event EventHandler? Changed
    {
        add
        {
            lock (_gate)
            {
                if (_changed is null)
                {
                    _registry.Changed += OnRegistryChanged;
                }

                _changed += value;
            }
        }

        remove
        {
            lock (_gate)
            {
                _changed -= value;
                if (_changed is null)
                {
                    _registry.Changed -= OnRegistryChanged;
                }
            }
        }
    }

    /// <summary>How many implementations are loaded now.</summary>
    public int Count => _registry.AllOf(typeof(TContract)).Length;

    /// <summary>A handle to each implementation loaded now, tied to its plugin and name, so it follows that plugin's reloads.</summary>
    public IReadOnlyList<ExtensionHandle<TContract>> Handles =>
        [.. _registry.AllOf(typeof(TContract)).Select(e => new ExtensionHandle<TContract>(_registry, e.Name, e.Plugin))];

    /// <summary>Calls every implementation loaded now, each under its own generation's lease, in order.</summary>
    /// <typeparam name="TResult">What each call returns.</typeparam>
    /// <param name="call">The call.</param>
    /// <returns>Each call's result, in order; an implementation retired meanwhile is skipped.</returns>
    public IReadOnlyList<TResult> Invoke<TResult>(Func<TContract, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var results = new List<TResult>();
        foreach (var extension in _registry.AllOf(typeof(TContract)))
        {
            if (extension.TryEnter(out var implementation))
            {
                try
                {
                    results.Add(call((TContract)implementation));
                }
                finally
                {
                    extension.Exit();
                }
            }
        }

        return results;
    }

    /// <summary>Stops raising <see cref="Changed"/>: the registry lets go of this set.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_changed is not null)
            {
                _registry.Changed -= OnRegistryChanged;
                _changed = null;
            }
        }
    }

    private void OnRegistryChanged(IReadOnlySet<Type> contracts)
    {
        if (contracts.Contains(typeof(TContract)))
        {
            _changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
