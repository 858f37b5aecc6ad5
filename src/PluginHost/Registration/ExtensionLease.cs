namespace PluginHost.Registration;

/// <summary>
/// The current implementation of a contract, entered: its generation is not retired until the lease is
/// disposed. A <c>ref struct</c>, so it lives on the stack of one synchronous block and cannot be kept.
/// </summary>
/// <typeparam name="TContract">The contract.</typeparam>
public ref struct ExtensionLease<TContract>
    where TContract : class
{
    private Extension? _extension;

    internal ExtensionLease(Extension extension, TContract implementation)
    {
        _extension = extension;
        Value = implementation;
    }

    /// <summary>The implementation; do not keep it past the lease.</summary>
    public TContract Value { get; }

    /// <summary>The plugin that provides it.</summary>
    public readonly string Plugin => _extension?.Plugin ?? string.Empty;

    /// <summary>The generation that provides it.</summary>
    public readonly int Generation => _extension?.Generation ?? 0;

    /// <summary>Leaves the generation; a reload waiting for this call may go on.</summary>
    public void Dispose()
    {
        _extension?.Exit();
        _extension = null;
    }
}
