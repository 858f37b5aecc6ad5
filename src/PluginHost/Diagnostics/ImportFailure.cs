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
}
