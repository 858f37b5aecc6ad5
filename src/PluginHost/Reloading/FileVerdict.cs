namespace PluginHost.Reloading;

/// <summary>What the watcher concluded about one changed file of a plugin.</summary>
internal enum FileVerdict
{
    /// <summary>An assembly, portable PDB or JSON file whose content is self-consistent to its last byte.</summary>
    Whole,

    /// <summary>A file of a kind the watcher reads whose content ends early or does not parse yet.</summary>
    Partial,

    /// <summary>A writer still holds the file (a .NET writer's lock on Linux and macOS, a sharing mode on Windows).</summary>
    Busy,

    /// <summary>A file the watcher cannot judge from its content (plugin.toml, a native library, a folder): only quiet time tells.</summary>
    Unjudged,

    /// <summary>The file is not there (deleted, or a temporary file renamed away).</summary>
    Missing,
}
