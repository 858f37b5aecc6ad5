namespace PluginHost.Leaks;

/// <summary>Whose code declares the root that keeps a leaked generation alive: who has to change.</summary>
public enum RootOwner
{
    /// <summary>The application hosting PluginHost (PluginHost itself, the entry assembly, or an assembly named in <see cref="LeakExplainerOptions.HostAssemblies"/>).</summary>
    Host,

    /// <summary>.NET itself: the runtime or an assembly of the shared framework.</summary>
    Framework,

    /// <summary>A library loaded in the default context that is neither the host's nor the framework's.</summary>
    ThirdParty,

    /// <summary>The plugin's own code, such as a thread it started.</summary>
    Plugin,
}
