using System.Collections;
using System.Collections.Immutable;

namespace PluginHost.Hooks;

/// <summary>
/// The ordered, extensible list of finders: PluginHost's <c>sys.meta_path</c>. Safe to change while
/// other threads import: each look-up walks the snapshot it started with.
/// </summary>
public sealed class FinderChain : IReadOnlyList<IPluginFinder>
{
    private ImmutableArray<IPluginFinder> _finders;

    internal FinderChain(IEnumerable<IPluginFinder> finders) => _finders = [.. finders];

    /// <inheritdoc />
    public int Count => _finders.Length;

    /// <inheritdoc />
    public IPluginFinder this[int index] => _finders[index];

    /// <summary>Puts a finder before all others, so it is asked first.</summary>
    /// <param name="finder">The finder.</param>
    public void AddFirst(IPluginFinder finder)
    {
        ArgumentNullException.ThrowIfNull(finder);
        ImmutableInterlocked.Update(ref _finders, static (list, f) => list.Insert(0, f), finder);
    }

    /// <summary>Puts a finder after all others, so it is asked when none of them has the plugin.</summary>
    /// <param name="finder">The finder.</param>
    public void AddLast(IPluginFinder finder)
    {
        ArgumentNullException.ThrowIfNull(finder);
        ImmutableInterlocked.Update(ref _finders, static (list, f) => list.Add(f), finder);
    }

    /// <summary>Removes a finder from the chain.</summary>
    /// <param name="finder">The finder.</param>
    /// <returns>True when it was in the chain.</returns>
    public bool Remove(IPluginFinder finder)
    {
        var removed = false;
        ImmutableInterlocked.Update(ref _finders, list =>
        {
            var next = list.Remove(finder);
            removed = next.Length != list.Length;
            return next;
        });
        return removed;
    }

    internal ImmutableArray<IPluginFinder> Snapshot() => _finders;

    /// <inheritdoc />
    public IEnumerator<IPluginFinder> GetEnumerator() => ((IEnumerable<IPluginFinder>)_finders).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
