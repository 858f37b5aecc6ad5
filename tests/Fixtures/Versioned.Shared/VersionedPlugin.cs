using System.Globalization;
using PluginHost;

namespace Versioned;

/// <summary>
/// The same plugin in three builds (Versioned.V1, .V2 and .Throws set BuildVersion): what a developer's
/// edit-and-rebuild looks like to the host.
/// </summary>
public sealed class VersionedPlugin : IPlugin, IDisposable
{
    private static int s_registrations;
    private string? _disposeMarker;

    public void Register(IPluginContext context)
    {
        _disposeMarker = context.Settings.GetValueOrDefault("dispose_marker");
        if (BuildInfo.Version == "throws")
        {
            context.Registry.AddCommand("versioned.version", "Never visible.", _ => "broken");
            throw new InvalidOperationException("this build is broken on purpose");
        }

        var registrations = Interlocked.Increment(ref s_registrations);
        context.Registry.AddCommand("versioned.version", "Which build is running.", _ => BuildInfo.Version);
        context.Registry.AddCommand("versioned.registrations", "How often Register ran in this generation.",
            _ => registrations.ToString(CultureInfo.InvariantCulture));
        if (BuildInfo.Version == "v1")
        {
            context.Registry.AddCommand("versioned.only-in-v1", "Gone after the reload to v2.", _ => "v1 only");
        }

        // Input: a folder. Announces it started, then waits until the test releases it: a call in flight.
        context.Registry.AddCommand("versioned.slow", "Blocks until released, then says which build ran it.", folder =>
        {
            File.WriteAllText(Path.Combine(folder, "started"), BuildInfo.Version);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(Path.Combine(folder, "release")) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }

            return BuildInfo.Version;
        });
    }

    // The clean-up hook: the host calls it before releasing this generation. Appends to the file the dispose_marker setting names.
    public void Dispose()
    {
        if (_disposeMarker is not null)
        {
            File.AppendAllText(_disposeMarker, $"disposed {BuildInfo.Version}\n");
        }
    }
}
