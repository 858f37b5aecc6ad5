using PluginHost;

namespace HangingPlugin;

/// <summary>
/// A plugin whose Register() hangs the way a deadlocked or spinning one does: it writes the file named by
/// the setting "started", then blocks until the file named by "release" exists. Tests cancel the host
/// meanwhile, then create the release file so the abandoned thread ends. With the setting
/// "dispose_marker", each generation's Dispose appends a line to that file.
/// </summary>
public sealed class HangingPlugin : IPlugin, IDisposable
{
    private string? _disposeMarker;

    public void Register(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _disposeMarker = context.Settings.GetValueOrDefault("dispose_marker");
        File.WriteAllText(context.Settings["started"], "registering");
        var release = context.Settings["release"];
        while (!File.Exists(release))
        {
            Thread.Sleep(10);
        }

        context.Registry.AddCommand("hanging.done", "Registered after being released.", input => input);
    }

    public void Dispose()
    {
        if (_disposeMarker is not null)
        {
            File.AppendAllText(_disposeMarker, "disposed\n");
        }
    }
}
