using PluginHost.Loading;

namespace PluginHost.Finding;

/// <summary>
/// The built-in finder for drop-in folders. For each search path, in order, it probes
/// <c>&lt;path&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c> and then <c>&lt;path&gt;/&lt;Name&gt;.dll</c>.
/// </summary>
/// <remarks>
/// Within one search path the folder form wins because a folder carries the plugin's own dependencies
/// and <c>.deps.json</c>, which a lone file beside other plugins cannot. Across search paths, order
/// wins: the first search path that has the plugin in either form is used.
/// </remarks>
internal sealed class DirectoryFinder : IPluginFinder
{
    public string Name => "directory";

    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        var fileName = name + ".dll";
        foreach (var root in context.SearchPaths)
        {
            if (!Directory.Exists(root))
            {
                context.RecordProbe(root, "search path does not exist");
                continue;
            }

            foreach (var candidate in (ReadOnlySpan<string>)[Path.Combine(root, name, fileName), Path.Combine(root, fileName)])
            {
                if (File.Exists(candidate))
                {
                    context.RecordProbe(candidate, "found");
                    return new PluginSpec(name, candidate, PluginLoaders.AssemblyFile) { Finder = Name };
                }

                context.RecordProbe(candidate, "no such file");
            }
        }

        return null;
    }
}
