using System.Globalization;
using PluginHost;

namespace ManifestPlugin;

/// <summary>
/// A plugin that registers one command named after itself, so copies of it under other names (each with
/// its own plugin.toml giving entry = "ManifestPlugin.dll") load side by side. Settings: import (names
/// to import from Register, comma-separated) and delay_ms (a pause before importing them).
/// </summary>
public sealed class ManifestPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        if (context.Settings.TryGetValue("delay_ms", out var delay))
        {
            Thread.Sleep(int.Parse(delay, CultureInfo.InvariantCulture));
        }

        if (context.Settings.TryGetValue("import", out var names))
        {
            foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                context.Import(name);
            }
        }

        context.Registry.AddCommand(context.Name.ToLowerInvariant() + ".hello", "Says which plugin it is.", input => $"{context.Name} greets {input}");
    }
}
