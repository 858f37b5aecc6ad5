namespace LeakShared;

/// <summary>A process-wide cache, as many libraries keep one: whatever goes in stays until removed.</summary>
public static class SharedCache
{
    private static readonly List<object> s_items = [];

    /// <summary>Adds an item for the rest of the process.</summary>
    /// <param name="item">The item.</param>
    public static void Add(object item)
    {
        lock (s_items)
        {
            s_items.Add(item);
        }
    }
}
