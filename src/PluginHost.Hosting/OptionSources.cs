namespace PluginHost.Hosting;

/// <summary>
/// Where the values of one <see cref="PluginHostOptions"/> came from, so a problem found at start names the
/// configuration key that set the value (<c>PluginHost:SearchPaths:1</c>), or the property when code set
/// it; and the problems found while reading the configuration, each already naming its key.
/// </summary>
internal sealed class OptionSources
{
    private readonly Dictionary<string, (object? Value, string Key)> _origins = new(StringComparer.Ordinal);

    /// <summary>Every problem found so far, each as <c>where: what</c>.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Records that <paramref name="property"/> (such as <c>SearchPaths[1]</c>) got <paramref name="value"/> from the key <paramref name="key"/>.</summary>
    public void Record(string property, object? value, string key) => _origins[property] = (value, key);

    /// <summary>
    /// The key that set <paramref name="property"/> to <paramref name="value"/>; when code set it, or changed
    /// it after the configuration was read, the property's name (<c>PluginHostOptions.SearchPaths[1]</c>).
    /// </summary>
    public string Describe(string property, object? value) =>
        _origins.TryGetValue(property, out var origin) && Equals(origin.Value, value)
            ? origin.Key
            : $"{nameof(PluginHostOptions)}.{property}";

    public void Add(string where, string message) => Problems.Add($"{where}: {message}");
}
