using PluginHost.Configuration;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.Finding;

/// <summary>
/// The built-in finder for drop-in folders. For each search path, in order, it probes
/// <c>&lt;path&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c> (or the <c>entry</c> a <c>plugin.toml</c> in that folder
/// names) and then <c>&lt;path&gt;/&lt;Name&gt;.dll</c>.
/// </summary>
/// <remarks>
/// Within one search path the folder form wins because a folder carries the plugin's own dependencies
/// and <c>.deps.json</c>, which a lone file beside other plugins cannot. Across search paths, order
/// wins: the first search path that has the plugin in either form is used.
/// </remarks>
internal sealed class DirectoryFinder : IPluginFinder
{
    public string Name => "directory";

    public PluginSpec? FindSpec(string name, PluginSearchContext context) => FindAll(name, context).FirstOrDefault();

    /// <summary>
    /// Every copy of the plugin in the search path, winner first. Lazy: taking only the first probes
    /// exactly as far as <see cref="FindSpec"/> must; the rest is the shadow scan on a cache miss.
    /// </summary>
    public IEnumerable<PluginSpec> FindAll(string name, PluginSearchContext context)
    {
        var fileName = name + ".dll";
        foreach (var root in context.SearchPaths)
        {
            if (!Directory.Exists(root))
            {
                context.RecordProbe(root, "search path does not exist");
                continue;
            }

            var folder = Path.Combine(root, name);
            var inFolder = Path.Combine(folder, fileName);
            if (File.Exists(inFolder))
            {
                context.RecordProbe(inFolder, "found");
                yield return new PluginSpec(name, inFolder, PluginLoaders.AssemblyFile) { Finder = Name };
                continue;
            }

            context.RecordProbe(inFolder, "no such file");
            if (PluginManifestReader.TryRead(name, folder) is { Entry: { } entry } manifest)
            {
                var entryFile = Path.Combine(folder, entry);
                if (File.Exists(entryFile))
                {
                    context.RecordProbe(entryFile, $"found (entry in {PluginManifest.FileName})");
                    yield return new PluginSpec(name, entryFile, PluginLoaders.AssemblyFile) { Finder = Name, Manifest = manifest };
                    continue;
                }

                context.RecordProbe(entryFile, $"no such file (entry in {PluginManifest.FileName})");
            }

            var lone = Path.Combine(root, fileName);
            if (File.Exists(lone))
            {
                context.RecordProbe(lone, "found");
                yield return new PluginSpec(name, lone, PluginLoaders.AssemblyFile) { Finder = Name };
                continue;
            }

            context.RecordProbe(lone, "no such file");
        }
    }
}
