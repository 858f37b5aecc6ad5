namespace PluginHost.Reloading;

/// <summary>File system events (inotify on Linux) for one plugin's files.</summary>
internal sealed class FileEventSource : IChangeSource
{
    private readonly FileSystemWatcher _watcher;

    /// <exception cref="IOException">The OS refused another watch (for example the inotify instance limit).</exception>
    public FileEventSource(WatchedFolder folder, Action<string> changed, Action<Exception> failed)
    {
        _watcher = new FileSystemWatcher(folder.Directory, folder.Filter)
        {
            IncludeSubdirectories = folder.Recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, e) => changed(e.FullPath);
        _watcher.Changed += (_, e) => changed(e.FullPath);
        _watcher.Deleted += (_, e) => changed(e.FullPath);
        _watcher.Renamed += (_, e) => changed(e.FullPath);
        _watcher.Error += (_, e) => failed(e.GetException());
        try
        {
            _watcher.EnableRaisingEvents = true;
        }
        catch
        {
            _watcher.Dispose();
            throw;
        }
    }

    public string Kind => "events";

    public void Dispose() => _watcher.Dispose();
}
