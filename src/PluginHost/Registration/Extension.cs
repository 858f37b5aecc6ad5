using System.Diagnostics.CodeAnalysis;

namespace PluginHost.Registration;

/// <summary>
/// One implementation of a contract, registered by one plugin generation. Calls enter its generation's
/// lease; once the generation retires it lets go of the implementation, so nothing that kept this object
/// (a handle's cache, a set) can keep the plugin's load context alive.
/// </summary>
internal sealed class Extension
{
    private readonly GenerationLease _lease;
    private readonly bool _fromFactory;
    private Func<object>? _factory;
    private readonly Lock _gate = new();
    private object? _instance;
    private bool _detached;

    public Extension(Type contract, string? name, string plugin, int generation, GenerationLease lease, object? instance, Func<object>? factory)
    {
        Contract = contract;
        Name = name;
        Plugin = plugin;
        Generation = generation;
        _lease = lease;
        _instance = instance;
        _factory = factory;
        _fromFactory = factory is not null;
    }

    public Type Contract { get; }

    public string? Name { get; }

    public string Plugin { get; }

    public int Generation { get; }

    /// <summary>The order the registry keeps implementations of one contract in: its plugin's first registration.</summary>
    public int Rank { get; set; }

    public bool IsRetired => _lease.IsRetired;

    /// <summary>The implementation registered as an instance (not through a factory), while it is held.</summary>
    public object? Registered => _fromFactory ? null : Volatile.Read(ref _instance);

    /// <summary>Called with every implementation a factory creates, so the registry can recognise it later.</summary>
    public Action<object, Extension>? Created { get; init; }

    /// <summary>Enters the generation's lease and gets the implementation; false once the generation retired.</summary>
    public bool TryEnter([NotNullWhen(true)] out object? implementation)
    {
        implementation = null;
        if (!_lease.TryEnter())
        {
            return false;
        }

        implementation = Volatile.Read(ref _instance) ?? Create();
        if (implementation is null)
        {
            _lease.Exit();
            return false;
        }

        return true;
    }

    public void Exit() => _lease.Exit();

    /// <summary>Drops the implementation and the factory (plugin code); one a factory created is disposed, as the host owns it.</summary>
    public void Detach()
    {
        object? created;
        lock (_gate)
        {
            _detached = true;
            created = _fromFactory ? _instance : null;
            _instance = null;
            _factory = null;
        }

        (created as IDisposable)?.Dispose();
    }

    private object? Create()
    {
        lock (_gate)
        {
            if (_detached)
            {
                return null;
            }

            if (_instance is null && _factory is { } factory)
            {
                var created = factory();
                Created?.Invoke(created, this);
                Volatile.Write(ref _instance, created);
            }

            return _instance;
        }
    }
}
