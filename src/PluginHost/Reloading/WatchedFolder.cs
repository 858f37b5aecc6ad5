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

    public IEnumerable<string> Files() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, Filter, Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            : [];
}
