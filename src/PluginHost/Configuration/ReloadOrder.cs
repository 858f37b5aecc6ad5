namespace PluginHost.Configuration;

/// <summary>How a plugin's generations overlap on reload (<c>reload = "..."</c> in its <c>plugin.toml</c>).</summary>
public enum ReloadOrder
{
    /// <summary>The new generation registers and starts, takes over, then the old one stops: no gap in service.</summary>
    Overlap,

    /// <summary>The old generation stops first, then the new one registers and starts: for exclusive resources (a port, a file lock). If the new one fails, the old one starts again.</summary>
    StopFirst,
}
