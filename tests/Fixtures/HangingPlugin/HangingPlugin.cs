using PluginHost;

namespace HangingPlugin;

/// <summary>
/// A plugin whose Register() hangs the way a deadlocked or spinning one does: it writes the file named by
/// the setting "started", then blocks until the file named by "release" exists. Tests cancel the host
/// meanwhile, then create the release file so the abandoned thread ends.
/// </summary>
public sealed class HangingPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        File.WriteAllText(context.Settings["started"], "registering");
        var release = context.Settings["release"];
        while (!File.Exists(release))
        {
            Thread.Sleep(10);
        }

        context.Registry.AddCommand("hanging.done", "Registered after being released.", input => input);
    }
}
