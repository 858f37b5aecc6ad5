using System.Globalization;

namespace Scripts;

/// <summary>
/// A plugin that is just a C# file: found in source_paths and compiled on import. Edit it and run the
/// sample again; an unchanged file is served from the compile cache.
/// </summary>
public sealed class TimestampPlugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.AddCommand("stamp", "Prefixes the input with today's date (compiled from scripts/Timestamp.cs).",
            text => $"{DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {text}");
}
