namespace PluginHost.Diagnostics;

/// <summary>Why an import failed.</summary>
public enum ImportFailure
{
    /// <summary>The name is not a valid plugin name (a path, "..", odd characters); nothing was looked up.</summary>
    InvalidName,

    /// <summary>No finder had the plugin; <see cref="PluginImportException.Probes"/> lists every place tried.</summary>
    NotFound,

    /// <summary>The file found is not a .NET assembly.</summary>
    NotAnAssembly,

    /// <summary>The assembly or one of its dependencies could not be loaded.</summary>
    LoadFailed,

    /// <summary>The assembly has no single public class implementing <see cref="IPlugin"/>.</summary>
    NoPluginType,

    /// <summary>The plugin class could not be created.</summary>
    CreateFailed,

    /// <summary>The plugin's <see cref="IPlugin.Register"/> threw; the inner exception is what it threw.</summary>
    RegisterFailed,

    /// <summary>The plugin's C# sources do not compile; the message lists every error as <c>file:line:column</c>.</summary>
    CompileFailed,

    /// <summary>The plugin's <c>plugin.toml</c> is not valid; the message lists every problem as <c>file:line:column</c>.</summary>
    InvalidManifest,

    /// <summary>A plugin the manifest requires was not found.</summary>
    RequirementNotFound,

    /// <summary>A plugin the manifest requires was found, but its version does not satisfy the constraint.</summary>
    RequirementVersionMismatch,

    /// <summary>A plugin the manifest requires failed to import for another reason; the inner exception says why.</summary>
    RequirementFailed,

    /// <summary>Plugins require or import each other in a cycle; the message shows the whole chain.</summary>
    Cycle,

    /// <summary>A finder of the chain threw while looking for the plugin; the inner exception is what it threw.</summary>
    FinderFailed,

    /// <summary>Something failed that no other kind covers (a bug); nothing of the attempt was kept. The inner exception says what.</summary>
    Unexpected,

    /// <summary>The plugin was built against a shared assembly the host lacks, or a newer version of it than the host's; the message names both.</summary>
    SharedAssemblyMismatch,

    /// <summary>The plugin's runtimeconfig.json names a shared framework (such as Microsoft.AspNetCore.App) with no compatible version installed; the message names it and what is installed.</summary>
    FrameworkMissing,

    /// <summary>The entry assembly's own name is not its file's, which found by name is the plugin's (a renamed or misplaced file); the message names both.</summary>
    AssemblyNameMismatch,

    /// <summary>The plugin's <c>StartAsync</c> threw; the generation was stopped and unloaded, and the one before it (if any) keeps serving.</summary>
    StartFailed,

    /// <summary>Plugin code did not finish a phase (Register, start) within its time limit; its generation was abandoned.</summary>
    TimedOut,

    /// <summary>The runtime has a lock file (<c>pluginhost lock</c>) and the plugin is not in it, or its files differ from it, are missing or are extra; the message names each file with the expected and actual SHA-256, and how to re-lock. Nothing was loaded.</summary>
    LockMismatch,
}
