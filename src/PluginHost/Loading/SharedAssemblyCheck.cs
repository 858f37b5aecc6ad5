using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Loading;

/// <summary>
/// Before a plugin loads, compares the versions of the shared assemblies it was built against with the
/// host's copies. A plugin built against the same or an older version binds to the host's copy (its own
/// copy beside it is ignored); one built against a newer version, or against an assembly the host does
/// not have, would fail later with a confusing binder message, so it fails here, naming both versions.
/// </summary>
internal static class SharedAssemblyCheck
{
    /// <exception cref="PluginImportException">A shared assembly is missing from the host or older there than the plugin needs.</exception>
    public static void Verify(string plugin, string entryAssembly, IReadOnlyList<(string Name, Version Version)> references, AssemblySharing sharing)
    {
        foreach (var (name, version) in references)
        {
            if (!sharing.Names.Contains(name))
            {
                continue;
            }

            var hostVersion = sharing.HostVersionOf(name);
            if (hostVersion is null)
            {
                throw new PluginImportException(plugin, ImportFailure.SharedAssemblyMismatch, Messages.SharedAssemblyMissingInHost(plugin, name, version))
                {
                    Origin = entryAssembly,
                };
            }

            if (version > hostVersion)
            {
                throw new PluginImportException(plugin, ImportFailure.SharedAssemblyMismatch, Messages.SharedAssemblyTooNew(plugin, name, version, hostVersion))
                {
                    Origin = entryAssembly,
                };
            }
        }
    }
}
