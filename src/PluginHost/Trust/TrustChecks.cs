using System.Collections.Concurrent;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using Serilog;

namespace PluginHost.Trust;

/// <summary>
/// What the import path checks before a plugin loads: its files against the lock (when there is one), and
/// whether its folder is world-writable. Each unsafe folder is warned about once per runtime. With
/// re-locking on (development), a reload of a locked plugin whose files changed is accepted and pins the
/// new files in the lock file instead; a first import is always checked.
/// </summary>
internal sealed class TrustChecks(PluginLock? pins, bool relockOnReload, ILogger log)
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);
    private readonly Lock _relocking = new();
    private PluginLock? _pins = pins;

    /// <summary>Checks a found spec; nothing of it has been loaded.</summary>
    /// <param name="spec">The plugin found.</param>
    /// <param name="reload">True when it replaces a loaded generation: then re-locking, when on, applies.</param>
    /// <exception cref="PluginImportException">The plugin is not in the lock, or its files differ from it (<see cref="ImportFailure.LockMismatch"/>).</exception>
    public void Check(PluginSpec spec, bool reload)
    {
        ArgumentNullException.ThrowIfNull(spec);
        WarnIfWorldWritable(spec.Directory);
        if (Volatile.Read(ref _pins) is not { } current)
        {
            return;
        }

        if (!(reload && relockOnReload && current.Plugins.ContainsKey(spec.Name)))
        {
            Verify(current, spec);
            return;
        }

        Relock(spec);
    }

    /// <summary>Pins a reloaded plugin's files as they are now and writes the lock file, when they changed.</summary>
    private void Relock(PluginSpec spec)
    {
        lock (_relocking)
        {
            var current = _pins!;
            SortedDictionary<string, string> actual;
            try
            {
                actual = LockedFiles.Hash(spec);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PluginImportException(spec.Name, ImportFailure.LockMismatch, Messages.LockedFilesUnreadable(spec.Name, spec.Origin, e, current.ConfigurationFile), e) { Origin = spec.Origin };
            }

            if (current.Plugins[spec.Name].Count == actual.Count && actual.All(f => current.Plugins[spec.Name].GetValueOrDefault(f.Key) == f.Value))
            {
                return;
            }

            var relocked = current.With(spec.Name, actual);
            try
            {
                relocked.Write();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PluginImportException(spec.Name, ImportFailure.LockMismatch, Messages.RelockFailed(spec.Name, relocked.File, e), e) { Origin = spec.Origin };
            }

            Volatile.Write(ref _pins, relocked);
            log.Warning("Re-locked {Plugin}: its reloaded files are now pinned in {LockFile}", spec.Name, relocked.File);
        }
    }

    /// <summary>Warns about each search path that anyone may write to, or that leaves its tree through a symlink.</summary>
    /// <param name="searchPaths">The search path.</param>
    /// <param name="root">The folder the search paths should stay in (the configuration's), or null to warn about every symlinked search path.</param>
    public void CheckSearchPaths(IEnumerable<string> searchPaths, string? root)
    {
        foreach (var path in searchPaths)
        {
            WarnIfWorldWritable(path);
            foreach (var (link, target) in UnsafePaths.SymlinksLeaving(path, root))
            {
                if (_warned.TryAdd("symlink:" + link, true))
                {
                    log.Warning(
                        "Search path {Path} leaves its tree through a symlink to {Target}: plugins there are loaded from a place the configuration does not show; replace the link with the folder or list the target in search_paths",
                        link, target);
                }
            }
        }
    }

    private void WarnIfWorldWritable(string folder)
    {
        // Each folder is looked at once per runtime, not on every import and reload from it.
        if (folder.Length > 0 && _warned.TryAdd(folder, true) && UnsafePaths.IsWorldWritable(folder))
        {
            log.Warning(
                "Plugin folder {Path} is world-writable: any user of this machine can replace the plugins the host loads from it; chmod o-w it, or pin the plugins with pluginhost lock",
                folder);
        }
    }

    private static void Verify(PluginLock pins, PluginSpec spec)
    {
        var name = spec.Name;
        if (!pins.Plugins.TryGetValue(name, out var expected))
        {
            throw new PluginImportException(name, ImportFailure.LockMismatch, Messages.PluginNotLocked(name, spec.Origin, pins.File, pins.ConfigurationFile)) { Origin = spec.Origin };
        }

        SortedDictionary<string, string> actual;
        try
        {
            actual = LockedFiles.Hash(spec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginImportException(name, ImportFailure.LockMismatch, Messages.LockedFilesUnreadable(name, spec.Origin, e, pins.ConfigurationFile), e) { Origin = spec.Origin };
        }

        var root = LockedFiles.BaseOf(spec);
        var differences = new List<(string File, string? Expected, string? Actual)>();
        foreach (var file in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.GetValueOrDefault(file);
            var have = actual.GetValueOrDefault(file);
            if (!string.Equals(want, have, StringComparison.Ordinal))
            {
                differences.Add((Path.GetFullPath(Path.Combine(root, file)), want, have));
            }
        }

        if (differences.Count > 0)
        {
            throw new PluginImportException(name, ImportFailure.LockMismatch, Messages.LockMismatch(name, pins.File, differences, pins.ConfigurationFile)) { Origin = spec.Origin };
        }
    }
}
