namespace PluginHost.Hooks;

/// <summary>
/// A loader that reads more than the one file its spec's origin names (a folder of C# sources, say). It
/// says which files, so a lock file (<c>pluginhost lock</c>) pins exactly what it loads. A loader without
/// it is pinned by its origin file.
/// </summary>
public interface IPluginFilesLoader : IPluginLoader
{
    /// <summary>The folder the paths of <see cref="FilesOf"/> are written relative to in a lock file.</summary>
    /// <param name="spec">A spec of this loader.</param>
    /// <returns>The folder's full path.</returns>
    string RootOf(PluginSpec spec);

    /// <summary>The files loading <paramref name="spec"/> reads, in a stable order; empty when they are gone.</summary>
    /// <param name="spec">A spec of this loader.</param>
    /// <returns>The files' full paths.</returns>
    IReadOnlyList<string> FilesOf(PluginSpec spec);
}
