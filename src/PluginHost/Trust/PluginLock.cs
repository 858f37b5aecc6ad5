using System.Collections.Immutable;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;

namespace PluginHost.Trust;

/// <summary>
/// A lock file: the SHA-256 of every file each plugin loads, written by <c>pluginhost lock &lt;config&gt;</c>
/// beside the configuration (<see cref="HostConfiguration.LockFile"/>). A runtime given one
/// (<see cref="PluginRuntimeOptions.Lock"/>) refuses, before loading anything, a plugin that is not in it or
/// whose files differ, are missing or are extra (<see cref="ImportFailure.LockMismatch"/>).
/// </summary>
public sealed class PluginLock
{
    private readonly ImmutableSortedDictionary<string, IReadOnlyDictionary<string, string>> _plugins;

    private PluginLock(string file, string configurationFile, ImmutableSortedDictionary<string, IReadOnlyDictionary<string, string>> plugins)
    {
        File = file;
        ConfigurationFile = configurationFile;
        _plugins = plugins;
    }

    /// <summary>The lock file's full path.</summary>
    public string File { get; }

    /// <summary>The configuration it locks; the command that re-locks names it.</summary>
    public string ConfigurationFile { get; }

    /// <summary>Each locked plugin by name: its files by path relative to its folder, each with its SHA-256 (lowercase hex).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Plugins => _plugins;

    /// <summary>Hashes the files of each spec (found, not loaded) into a lock for <paramref name="configurationFile"/>.</summary>
    /// <param name="configurationFile">The configuration the specs came from; the lock file goes beside it.</param>
    /// <param name="specs">The plugins to pin, such as <see cref="PluginRuntime.Find"/> resolves them.</param>
    /// <returns>The lock, not yet written (<see cref="Write"/>).</returns>
    /// <exception cref="IOException">A plugin file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A plugin file may not be read.</exception>
    public static PluginLock Create(string configurationFile, IEnumerable<PluginSpec> specs)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationFile);
        ArgumentNullException.ThrowIfNull(specs);
        var full = Path.GetFullPath(configurationFile);
        var plugins = ImmutableSortedDictionary.CreateBuilder<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            plugins[spec.Name] = LockedFiles.Hash(spec);
        }

        return new PluginLock(HostConfiguration.LockFileFor(full), full, plugins.ToImmutable());
    }

    /// <summary>Reads a lock file.</summary>
    /// <param name="file">The lock file, such as <see cref="HostConfiguration.LockFile"/>.</param>
    /// <returns>The lock.</returns>
    /// <exception cref="PluginConfigurationException">The file cannot be read or is not a lock file; the error names the line and column.</exception>
    public static PluginLock Read(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var full = Path.GetFullPath(file);
        var (configuration, plugins) = LockFileFormat.Read(full);
        return new PluginLock(full, configuration, plugins);
    }

    /// <summary>Writes the lock to <see cref="File"/>, replacing what was there.</summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public void Write() => LockFileFormat.Write(File, ConfigurationFile, Plugins);

    /// <summary>This lock with the files of one plugin pinned anew (a re-lock of that plugin alone).</summary>
    internal PluginLock With(string name, IReadOnlyDictionary<string, string> files) =>
        new(File, ConfigurationFile, _plugins.SetItem(name, files));

    /// <summary>
    /// The lock a configuration calls for: its lock file when that exists, none when it does not, and a
    /// configuration error (at <c>require_lock</c>) when <c>require_lock = true</c> and it does not.
    /// </summary>
    /// <exception cref="PluginConfigurationException">The lock file is required and missing, or not valid.</exception>
    internal static PluginLock? For(HostConfiguration configuration)
    {
        if (configuration.LockFile is not { } file)
        {
            return null;
        }

        if (System.IO.File.Exists(file))
        {
            return Read(file);
        }

        if (!configuration.RequireLock)
        {
            return null;
        }

        var source = configuration.SourceFile ?? file;
        var location = configuration.RequireLockLocation ?? new SourceLocation(source, 1, 1);
        throw new PluginConfigurationException(source, [new ConfigurationError(location, Messages.LockFileRequired(file, source))]);
    }
}
