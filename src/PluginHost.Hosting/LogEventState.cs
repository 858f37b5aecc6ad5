using System.Collections;
using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PluginHost.Hosting;

/// <summary>
/// A Serilog event as Microsoft.Extensions.Logging state: its properties, then <c>{OriginalFormat}</c> (the
/// message template), as structured providers expect; <see cref="ToString"/> is the rendered message, with
/// strings unquoted as a person reads them.
/// </summary>
internal sealed class LogEventState(LogEvent logEvent) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string OriginalFormat = "{OriginalFormat}";

    private static readonly MessageTemplateTextFormatter s_message = new("{Message:lj}", CultureInfo.InvariantCulture);

    private KeyValuePair<string, object?>[]? _items;

    public static Func<LogEventState, Exception?, string> Format { get; } = static (state, _) => state.ToString();

    public int Count => Items.Length;

    private KeyValuePair<string, object?>[] Items => _items ??=
    [
        .. logEvent.Properties.Select(p => new KeyValuePair<string, object?>(p.Key, ValueOf(p.Value))),
        new(OriginalFormat, logEvent.MessageTemplate.Text),
    ];

    public KeyValuePair<string, object?> this[int index] => Items[index];

    /// <summary>A property's value as a provider would like it: the scalar itself, anything structured as its rendered text.</summary>
    public static object? ValueOf(LogEventPropertyValue value) =>
        value is ScalarValue scalar ? scalar.Value : value.ToString(format: null, CultureInfo.InvariantCulture);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        s_message.Format(logEvent, text);
        return text.ToString();
    }
}
