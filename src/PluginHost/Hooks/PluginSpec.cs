using System.Reflection;
using PluginHost.Configuration;

namespace PluginHost.Hooks;

/// <summary>
/// Where a plugin lives and how to load it: PluginHost's counterpart of Python's <c>ModuleSpec</c>.
/// Inspecting a spec loads nothing.
/// </summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Origin">Where it lives, such as the full path of its entry assembly.</param>
/// <param name="Loader">The loader that turns this spec into a loaded assembly.</param>
public sealed record PluginSpec(string Name, string Origin, IPluginLoader Loader)
{
    private readonly string? _directory;

    /// <summary>What the plugin's context resolves from the host; the runtime sets it before loading.</summary>
    internal AssemblySharing Sharing { get; init; } = AssemblySharing.Default;

    /// <summary>The finder that produced the spec, when it came from the finder chain.</summary>
    public string? Finder { get; init; }

    /// <summary>
    /// The plugin's <c>plugin.toml</c>, read without loading the plugin; null when it has none. The
    /// runtime reads it from <see cref="Directory"/> when the finder did not.
    /// </summary>
    public PluginManifest? Manifest { get; init; }

    /// <summary>
    /// The folder the plugin's files live in, handed to the plugin as <see cref="IPluginContext.Directory"/>.
    /// Defaults to the folder of <see cref="Origin"/>; a finder whose origin is not a file (memory, an
    /// archive entry, a folder of sources) sets it.
    /// </summary>
    public string Directory
    {
        get => _directory ?? Path.GetDirectoryName(Origin) ?? string.Empty;
        init => _directory = value;
    }

    /// <summary>
    /// The host's copies of the assemblies the plugin's context shares with the host
    /// (<c>PluginHost.Abstractions</c>, Serilog and the configured shared assemblies), in name order,
    /// loading any the host has not loaded yet; one the host does not have is left out. A loader that
    /// compiles the plugin references exactly these.
    /// </summary>
    /// <returns>The assemblies.</returns>
    public IReadOnlyList<Assembly> ResolveSharedAssemblies() =>
        [.. Sharing.Names.Order(StringComparer.Ordinal).Select(Sharing.HostCopyOf).OfType<Assembly>()];
}
