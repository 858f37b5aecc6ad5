using PluginHost.Configuration;
using PluginHost.Results;

namespace PluginHost.Reloading;

/// <summary>
/// The files that make up one plugin: its whole folder (entry DLL, dependencies, deps.json, anything
/// beside it) for the folder form, or just <c>Name.*</c> for a lone DLL next to other plugins.
/// </summary>
internal sealed record WatchedFolder(string Directory, string Filter, bool Recursive)
{
    public static WatchedFolder For(LoadedPlugin plugin)
    {
        var directory = plugin.Spec.Directory;
        var folderForm = string.Equals(Path.GetFileName(directory), plugin.Name, StringComparison.Ordinal);
        return folderForm ? new WatchedFolder(directory, "*", Recursive: true) : new WatchedFolder(directory, plugin.Name + ".*", Recursive: false);
    }

    /// <summary>
    /// Where a configured plugin that is not loaded would be found, as the directory finder looks for it:
    /// in each search path, <c>Name*</c> beside the other plugins (its lone DLL, and the creation of its
    /// folder) and its own <c>Name/</c> folder, recursively; or the <c>path</c> the entry pins it to.
    /// Folders that do not exist yet are watched all the same (polled until they appear). Plugins that
    /// only a custom finder knows are not covered: where they come from is that finder's business.
    /// </summary>
    public static IReadOnlyList<WatchedFolder> ForMissing(PluginEntry entry, IReadOnlyList<string> searchPaths)
    {
        if (entry.Path is { } pinned)
        {
            return !File.Exists(pinned) && (System.IO.Directory.Exists(pinned) || !Path.HasExtension(pinned))
                ? [new WatchedFolder(pinned, "*", Recursive: true)]
                : [new WatchedFolder(Path.GetDirectoryName(Path.GetFullPath(pinned))!, Path.GetFileName(pinned), Recursive: false)];
        }

        return
        [
            .. searchPaths.SelectMany<string, WatchedFolder>(path =>
            [
                new WatchedFolder(path, entry.Name + "*", Recursive: false),
                new WatchedFolder(Path.Combine(path, entry.Name), "*", Recursive: true),
            ]),
        ];
    }

    public IEnumerable<string> Files() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, Filter, Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            : [];
}
