using System.Globalization;
using PluginHost;

namespace CountingPlugin;

/// <summary>Counts how often Register ran in this load context; an optional delay widens races on purpose.</summary>
public sealed class CountingPlugin : IPlugin
{
    private static int s_registrations;

    public void Register(IPluginContext context)
    {
        var count = Interlocked.Increment(ref s_registrations);
        if (context.Settings.TryGetValue("delay_ms", out var delay))
        {
            Thread.Sleep(int.Parse(delay, CultureInfo.InvariantCulture));
        }

        context.Registry.AddCommand("counting.registrations", "How often Register ran in this context.",
            _ => Volatile.Read(ref s_registrations).ToString(CultureInfo.InvariantCulture));
        context.Registry.AddCommand("counting.echo", "Echoes the input with the plugin's folder name.",
            input => $"{input} from {Path.GetFileName(context.Directory)} ({count})");
    }
}
