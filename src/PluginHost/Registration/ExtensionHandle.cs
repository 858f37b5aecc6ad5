using System.Runtime.CompilerServices;

namespace PluginHost.Registration;

/// <summary>
/// A live reference to an implementation of a contract: every call reaches the generation that is
/// current at that moment and runs under its lease, so a reload waits for calls already inside the old
/// generation while new calls go to the new one. The handle never holds the implementation itself, so it
/// never keeps a retired generation alive. Get one from <see cref="PluginRegistry.Handle{TContract}"/>.
/// </summary>
/// <typeparam name="TContract">The contract, from an assembly the host shares with its plugins.</typeparam>
public sealed class ExtensionHandle<TContract>
    where TContract : class
{
    private readonly PluginRegistry _registry;
    private Resolved? _resolved;

    internal ExtensionHandle(PluginRegistry registry, string? name, string? plugin)
    {
        _registry = registry;
        Name = name;
        Plugin = plugin;
    }

    /// <summary>The name this handle asks for; null for the contract's first implementation, whatever its name.</summary>
    public string? Name { get; }

    /// <summary>The plugin this handle is tied to (a member of an <see cref="ExtensionSet{TContract}"/>); null for any plugin.</summary>
    public string? Plugin { get; }

    /// <summary>True while a loaded plugin provides the implementation.</summary>
    public bool IsAvailable => Current() is not null;

    /// <summary>The generation that would serve a call now, or null when none is loaded.</summary>
    public int? Generation => Current()?.Generation;

    /// <summary>Calls the current implementation.</summary>
    /// <typeparam name="TResult">What the call returns.</typeparam>
    /// <param name="call">The call; a static lambda allocates nothing.</param>
    /// <returns>What the call returned.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin provides the implementation; the message lists those that do.</exception>
    public TResult Invoke<TResult>(Func<TContract, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var lease = Acquire();
        return call(lease.Value);
    }

    /// <summary>Calls the current implementation with a state argument, so the call need not capture anything.</summary>
    /// <typeparam name="TState">The state's type.</typeparam>
    /// <typeparam name="TResult">What the call returns.</typeparam>
    /// <param name="state">Passed to <paramref name="call"/>.</param>
    /// <param name="call">The call.</param>
    /// <returns>What the call returned.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin provides the implementation.</exception>
    public TResult Invoke<TState, TResult>(TState state, Func<TContract, TState, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var lease = Acquire();
        return call(lease.Value, state);
    }

    /// <summary>Calls the current implementation.</summary>
    /// <param name="call">The call.</param>
    /// <exception cref="KeyNotFoundException">No loaded plugin provides the implementation.</exception>
    public void Invoke(Action<TContract> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var lease = Acquire();
        call(lease.Value);
    }

    /// <summary>Calls the current implementation asynchronously; the lease is held until the returned task completes.</summary>
    /// <typeparam name="TResult">What the call returns.</typeparam>
    /// <param name="call">The call.</param>
    /// <returns>What the call returned.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin provides the implementation.</exception>
    public async Task<TResult> InvokeAsync<TResult>(Func<TContract, Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (extension, implementation) = Enter();
        try
        {
            return await call(implementation).ConfigureAwait(false);
        }
        finally
        {
            extension.Exit();
        }
    }

    /// <summary>Calls the current implementation asynchronously; the lease is held until the returned task completes.</summary>
    /// <param name="call">The call.</param>
    /// <returns>A task that completes with the call.</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin provides the implementation.</exception>
    public async Task InvokeAsync(Func<TContract, Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (extension, implementation) = Enter();
        try
        {
            await call(implementation).ConfigureAwait(false);
        }
        finally
        {
            extension.Exit();
        }
    }

    /// <summary>
    /// Enters the current generation and returns its implementation until the lease is disposed: the
    /// cheapest way to make several calls. Keep the lease short; a reload waits for it.
    /// </summary>
    /// <returns>The lease; dispose it (<c>using var lease = handle.Acquire();</c>).</returns>
    /// <exception cref="KeyNotFoundException">No loaded plugin provides the implementation.</exception>
    public ExtensionLease<TContract> Acquire()
    {
        var (extension, implementation) = Enter();
        return new ExtensionLease<TContract>(extension, implementation);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Current() is { } e ? $"{typeof(TContract).Name}{NameSuffix} -> {e.Plugin} generation {e.Generation}" : $"{typeof(TContract).Name}{NameSuffix} -> (none)";

    private string NameSuffix => Name is null ? string.Empty : $" '{Name}'";

    private (Extension Extension, TContract Implementation) Enter()
    {
        while (true)
        {
            var extension = Current() ?? throw new KeyNotFoundException(_registry.NoImplementationMessage(typeof(TContract), Name, Plugin));
            if (extension.TryEnter(out var implementation))
            {
                // The registry files an implementation under its contract only after the type system
                // checked it (Add<TContract>, Func<TContract>), so the per-call cast can be skipped.
                return (extension, Unsafe.As<TContract>(implementation));
            }

            // That generation retired between the look-up and the call: the registry already holds its
            // successor (or nothing), so look again rather than fail the caller.
            _resolved = null;
        }
    }

    // One volatile read and an integer compare while nothing was committed since the last call.
    private Extension? Current()
    {
        var version = _registry.Version;
        var resolved = Volatile.Read(ref _resolved);
        if (resolved is not null && resolved.Version == version)
        {
            return resolved.Extension;
        }

        var extension = _registry.Find(typeof(TContract), Name, Plugin);
        Volatile.Write(ref _resolved, new Resolved(version, extension));
        return extension;
    }

    private sealed record Resolved(int Version, Extension? Extension);
}
