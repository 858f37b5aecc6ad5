using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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
    public static void Verify(string plugin, string entryAssembly, AssemblySharing sharing)
    {
        foreach (var (name, version) in ReferencesOf(entryAssembly))
        {
            if (!sharing.Names.Contains(name))
            {
                continue;
            }

            var host = sharing.HostCopyOf(name);
            if (host is null)
            {
                throw new PluginImportException(plugin, ImportFailure.SharedAssemblyMismatch, Messages.SharedAssemblyMissingInHost(plugin, name, version))
                {
                    Origin = entryAssembly,
                };
            }

            var hostVersion = host.GetName().Version ?? new Version(0, 0, 0, 0);
            if (version > hostVersion)
            {
                throw new PluginImportException(plugin, ImportFailure.SharedAssemblyMismatch, Messages.SharedAssemblyTooNew(plugin, name, version, hostVersion))
                {
                    Origin = entryAssembly,
                };
            }
        }
    }

    private static List<(string Name, Version Version)> ReferencesOf(string path)
    {
        var references = new List<(string, Version)>();
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return references;
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                references.Add((metadata.GetString(reference.Name), reference.Version));
            }
        }
        catch (BadImageFormatException)
        {
            // Not an assembly: the load that follows reports it properly.
        }

        return references;
    }
}
