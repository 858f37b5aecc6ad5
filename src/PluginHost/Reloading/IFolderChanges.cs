namespace PluginHost.Reloading;

/// <summary>What <see cref="ChangeSources"/> reports about a plugin's folders.</summary>
internal interface IFolderChanges
{
    /// <summary>A file event: <paramref name="path"/> was created, written, renamed or deleted.</summary>
    void Changed(WatchedFolder folder, string path);

    /// <summary>A poll: the files that changed since the previous one, none when it found nothing new.</summary>
    void Polled(WatchedFolder folder, IReadOnlyList<string> changed);

    /// <summary>File events failed or overflowed and the folder is polled from now on; events may have been lost.</summary>
    void EventsLost(WatchedFolder folder);
}
