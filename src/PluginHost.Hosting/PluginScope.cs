using System.Collections;
using Serilog.Events;

namespace PluginHost.Hosting;

/// <summary>
/// The scope of an event about one plugin: <c>Plugin</c> and, when known, <c>Generation</c>, so a console
/// provider with scopes on prints which plugin an event is about even when its message does not say.
/// </summary>
internal sealed class PluginScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _items;

    private PluginScope(KeyValuePair<string, object?>[] items) => _items = items;

    public int Count => _items.Length;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    /// <summary>The scope of <paramref name="logEvent"/>; null when it is not about a plugin.</summary>
    public static PluginScope? Of(LogEvent logEvent)
    {
        if (!logEvent.Properties.TryGetValue("Plugin", out var plugin))
        {
            return null;
        }

        var name = new KeyValuePair<string, object?>("Plugin", LogEventState.ValueOf(plugin));
        return logEvent.Properties.TryGetValue("Generation", out var generation)
            ? new PluginScope([name, new("Generation", LogEventState.ValueOf(generation))])
            : new PluginScope([name]);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _items.Select(i => $"{i.Key}: {i.Value}"));
}
