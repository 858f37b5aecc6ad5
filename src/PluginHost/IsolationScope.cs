using PluginHost.Results;
using PluginHost.Runtime;

namespace PluginHost;

/// <summary>
/// Python's isolated import context for tests of plugins: everything imported while the scope is open
/// is unloaded, removed from the cache and verified collected when it is disposed; what was cached
/// before it began stays loaded. Create it with <see cref="PluginRuntime.BeginIsolationScope"/>.
/// </summary>
/// <remarks>
/// The scope is the runtime's, not the thread's: a plugin another thread imports while it is open is
/// unloaded with the rest. Open one scope at a time.
/// </remarks>
public sealed class IsolationScope : IAsyncDisposable, IDisposable
{
    private readonly Reloader _reloader;
    private readonly HashSet<string> _before;
    private IReadOnlyList<UnloadResult>? _unloaded;

    internal IsolationScope(Reloader reloader, IEnumerable<string> cachedBefore)
    {
        _reloader = reloader;
        _before = new HashSet<string>(cachedBefore, StringComparer.Ordinal);
    }

    /// <summary>The names that were cached when the scope began; these are left alone.</summary>
    public IReadOnlySet<string> CachedBefore => _before;

    /// <summary>What the scope unloaded, newest first, and whether each context was collected; empty until it is disposed.</summary>
    public IReadOnlyList<UnloadResult> Unloaded => _unloaded ?? [];

    /// <summary>Unloads every plugin imported since the scope began, newest first, and verifies each was collected.</summary>
    /// <returns>A task that completes when they are released and verified.</returns>
    public async ValueTask DisposeAsync() =>
        _unloaded ??= await _reloader.UnloadAllExceptAsync(_before, CancellationToken.None).ConfigureAwait(false);

    /// <summary>Does what <see cref="DisposeAsync"/> does, blocking until it is done.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
