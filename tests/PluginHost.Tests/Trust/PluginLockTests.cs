using System.Runtime.Versioning;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;
using PluginHost.Trust;
using Serilog.Events;

namespace PluginHost.Tests.Trust;

[TestFixture]
public sealed class PluginLockTests : ScratchFixture
{
    [Test]
    public void ImportAll_LockedPluginUnchanged_Loads()
    {
        var config = LockedConfiguration(FixturePlugins.Counting);

        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => o.Status), Is.EqualTo(new[] { ImportStatus.Loaded }), () => string.Join('\n', outcomes.Select(o => o.Error?.Message)));
    }

    [Test]
    public void Import_LockedAssemblyRebuilt_IsRefusedNamingTheFileBothHashesAndHowToReLock()
    {
        var config = LockedConfiguration(FixturePlugins.Counting);
        var dll = Path.Combine(Scratch.Path, "plugins", FixturePlugins.Counting, FixturePlugins.Counting + ".dll");
        var locked = LockedFiles.HashFile(dll);
        File.AppendAllText(dll, "rebuilt");
        var rebuilt = LockedFiles.HashFile(dll);

        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Counting))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.LockMismatch));
        Assert.That(error.Message, Is.EqualTo(
            $"The plugin 'CountingPlugin' does not match the lock file '{HostConfiguration.LockFileFor(config)}', so it was not loaded (1 file changed):{Environment.NewLine}"
            + $"  {dll}: expected SHA-256 {locked}, actual {rebuilt}{Environment.NewLine}"
            + $"If you changed the plugin on purpose, re-lock with 'pluginhost lock {config}'; otherwise restore the files it was locked with."));
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Import_FileAddedToLockedFolderAndOneRemoved_NamesBoth()
    {
        var folder = Path.Combine(Scratch.Path, "plugins", FixturePlugins.Counting);
        var config = LockedConfiguration([FixturePlugins.Counting], () => File.WriteAllText(Path.Combine(folder, "data.txt"), "locked"));
        File.WriteAllText(Path.Combine(folder, "Extra.dll"), "planted");
        File.Delete(Path.Combine(folder, "data.txt"));

        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Counting))!;

        Assert.That(error.Message, Does.Contain("(2 files changed)")
            .And.Contain($"{Path.Combine(folder, "Extra.dll")}: expected SHA-256 none (not in the lock file), actual ")
            .And.Contain($"{Path.Combine(folder, "data.txt")}: expected SHA-256 ").And.Contain(", actual none (the file is missing)"));
    }

    [Test]
    public void Import_PluginNotInTheLock_IsRefused()
    {
        var config = LockedConfiguration(FixturePlugins.Counting);
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Throwing), Path.Combine(Scratch.Path, "plugins", FixturePlugins.Throwing));

        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Throwing))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.LockMismatch));
        Assert.That(error.Message, Does.Contain("is not in the lock file").And.Contain($"'pluginhost lock {config}'"));
    }

    [Test]
    public void Import_LockedPackageReplacedInTheFeed_IsRefusedNamingThePackage()
    {
        var feed = Directory.CreateDirectory(Path.Combine(Scratch.Path, "feed")).FullName;
        foreach (var package in Directory.EnumerateFiles(FixturePlugins.Feed, "*.nupkg"))
        {
            File.Copy(package, Path.Combine(feed, Path.GetFileName(package)));
        }

        var config = Scratch.Write("host.toml", "nuget_feeds = [\"feed\"]\nplugins = [{ name = \"PackagedPlugin\", version = \"[2.0,3.0)\" }]\n");
        Lock(config, "PackagedPlugin");

        var nupkg = Path.Combine(feed, "PackagedPlugin.2.0.0.nupkg");
        var locked = LockedFiles.HashFile(nupkg);
        File.AppendAllText(nupkg, "tampered"); // still a readable package: a zip reader skips bytes after its directory

        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        var error = Assert.Throws<PluginImportException>(() => runtime.Import("PackagedPlugin"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.LockMismatch));
        Assert.That(error.Message, Does.Contain($"  {nupkg}: expected SHA-256 {locked}, actual {LockedFiles.HashFile(nupkg)}"));
        Assert.That(runtime.Loaded, Is.Empty, "nothing of the package was loaded");
    }

    [Test]
    public async Task StartWatching_LockedPluginRebuilt_ReloadIsRefusedAndTheLockedGenerationKeepsServing()
    {
        var (config, searchPath) = LockedVersioned();

        await using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        using var reloads = new ReloadEvents(runtime);
        var served = runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V2, searchPath);
        var result = reloads.Next(VersionedBuilds.Name);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error!.Failure, Is.EqualTo(ImportFailure.LockMismatch));
        Assert.That(result.Error.Message, Does.Contain($"  {VersionedBuilds.DllIn(searchPath)}: expected SHA-256 ")
            .And.EndWith($"If you changed the plugin on purpose, re-lock with 'pluginhost lock {config}'; otherwise restore the files it was locked with."));
        Assert.That(runtime.TryGetLoaded(VersionedBuilds.Name, out var serving) && ReferenceEquals(serving, served), Is.True);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task ReloadAsync_RelockOnReload_AcceptsTheRebuildAndPinsItsFilesButStillChecksFirstImports()
    {
        var searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, searchPath);
        FixturePlugins.CopyToSearchPath(new FixedDirectory(searchPath), FixturePlugins.Counting);
        var config = Scratch.Write("host.toml", "search_paths = [\"plugins\"]\nplugins = [\"Versioned\", \"CountingPlugin\"]\n");
        Lock(config, VersionedBuilds.Name, FixturePlugins.Counting);

        File.AppendAllText(Path.Combine(searchPath, FixturePlugins.Counting, FixturePlugins.Counting + ".dll"), "tampered");
        await using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)) with { RelockOnReload = true });
        runtime.Import(VersionedBuilds.Name);
        VersionedBuilds.Deploy(VersionedBuilds.V2, searchPath);

        var result = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(result.Succeeded, Is.True, result.Error?.Message);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
        var relocked = PluginLock.Read(HostConfiguration.LockFileFor(config));
        Assert.That(relocked.Plugins[VersionedBuilds.Name]["Versioned.dll"], Is.EqualTo(LockedFiles.HashFile(VersionedBuilds.DllIn(searchPath))));
        Assert.That(Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Counting))!.Failure, Is.EqualTo(ImportFailure.LockMismatch),
            "a first import is checked against the lock, re-locking or not");
    }

    [Test]
    public async Task ReloadAsync_RelockCannotWriteTheLockFile_IsRefusedSayingWhyAndTheOldGenerationServes()
    {
        var (config, searchPath) = LockedVersioned();

        await using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)) with { RelockOnReload = true });
        runtime.Import(VersionedBuilds.Name);
        var lockFile = HostConfiguration.LockFileFor(config);
        File.Delete(lockFile);
        Directory.CreateDirectory(lockFile); // a file cannot be written where a folder is
        VersionedBuilds.Deploy(VersionedBuilds.V2, searchPath);

        var result = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(result.Error?.Failure, Is.EqualTo(ImportFailure.LockMismatch));
        Assert.That(result.Error!.Message, Does.StartWith($"The reloaded plugin 'Versioned' could not be re-locked: writing '{lockFile}' failed: ")
            .And.EndWith(". It was not loaded; the previous generation keeps serving. Check the permissions of the lock file's folder."));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public void FromConfiguration_RequireLockWithoutLockFile_IsConfigurationErrorAtTheKey()
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName), FixturePlugins.Counting);
        var config = Scratch.Write("host.toml", "search_paths = [\"plugins\"]\nrequire_lock = true\nplugins = [\"CountingPlugin\"]\n");
        var configuration = HostConfiguration.Load(config);

        var error = Assert.Throws<PluginConfigurationException>(() => PluginRuntimeOptions.FromConfiguration(configuration))!;

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            $"{config}:2:1: 'require_lock = true', but the lock file '{Path.Combine(Scratch.Path, "host.lock.json")}' does not exist. "
            + $"Run 'pluginhost lock {config}' to pin the plugins' files as they are now, or remove 'require_lock'.",
        }));
    }

    [Test]
    public void Load_RequireLockNotABoolean_IsConfigurationError()
    {
        var config = Scratch.Write("host.toml", "require_lock = \"yes\"\n");

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(config))!;

        Assert.That(error.Errors.Single().ToString(), Is.EqualTo($"{config}:1:1: 'require_lock' must be true or false, but it is the string \"yes\"."));
    }

    [Test]
    public void Read_NotJson_IsConfigurationErrorWithLineAndColumn()
    {
        var file = Scratch.Write("host.lock.json", "{\n  \"lockVersion\": 1,\n  oops\n}\n");

        var error = Assert.Throws<PluginConfigurationException>(() => PluginLock.Read(file))!;

        Assert.That(error.Errors.Single().Location.Line, Is.EqualTo(3));
        Assert.That(error.Errors.Single().Message, Does.StartWith("This lock file is not valid JSON: "));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Reads Unix mode bits.")]
    [UnsupportedOSPlatform("windows")]
    public void ImportAll_WorldWritableSearchPath_WarnsOnceWithThePath()
    {
        // CountingPlugin in its own folder, ManifestPlugin as a lone DLL whose plugin folder is the search path itself.
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        File.Copy(Path.Combine(FixturePlugins.FolderOf(FixturePlugins.Manifest), FixturePlugins.Manifest + ".dll"), Path.Combine(searchPath, FixturePlugins.Manifest + ".dll"));
        File.SetUnixFileMode(searchPath, File.GetUnixFileMode(searchPath) | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var sink = new CollectingSink();

        using var runtime = new TestRuntime().SearchPaths(searchPath).Plugins(FixturePlugins.Counting, FixturePlugins.Manifest).Logger(sink.CreateLogger()).Build();
        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => o.Status), Is.All.EqualTo(ImportStatus.Loaded), () => string.Join('\n', outcomes.Select(o => o.Error?.Message)));

        var warnings = sink.Events.Where(e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.Contains("world-writable", StringComparison.Ordinal)).ToList();
        Assert.That(warnings.Select(w => ((ScalarValue)w.Properties["Path"]).Value), Is.EqualTo(new[] { searchPath }));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Creates a symlink without privileges.")]
    public void Create_SearchPathSymlinkedOutOfTheConfigurationFolder_WarnsWithThePath()
    {
        using var elsewhere = new TempDirectory();
        var link = Path.Combine(Scratch.Path, "plugins");
        Directory.CreateSymbolicLink(link, elsewhere.Path);
        var config = Scratch.Write("host.toml", "search_paths = [\"plugins\"]\n");
        var sink = new CollectingSink();

        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)) with { Logger = sink.CreateLogger() });

        var warnings = sink.Events.Where(e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.Contains("symlink", StringComparison.Ordinal)).ToList();
        Assert.That(warnings.Select(w => ((ScalarValue)w.Properties["Path"]).Value), Is.EqualTo(new[] { link }));
    }

    /// <summary>Build V1 of Versioned in Scratch/plugins, listed in Scratch/host.toml and locked.</summary>
    private (string Config, string SearchPath) LockedVersioned()
    {
        var searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, searchPath);
        var config = Scratch.Write("host.toml", "search_paths = [\"plugins\"]\nplugins = [\"Versioned\"]\n");
        Lock(config, VersionedBuilds.Name);
        return (config, searchPath);
    }

    /// <summary>Locks the plugins of a configuration as <c>pluginhost lock</c> does.</summary>
    private static void Lock(string config, params string[] plugins)
    {
        using var locking = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(config)));
        PluginLock.Create(config, plugins.Select(p => locking.Find(p).Spec!)).Write();
    }

    /// <summary>Copies the fixtures into Scratch/plugins, writes Scratch/host.toml listing them, and locks it as the CLI does.</summary>
    private string LockedConfiguration(params string[] plugins) => LockedConfiguration(plugins, () => { });

    private string LockedConfiguration(string[] plugins, Action beforeLocking)
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName), plugins);
        beforeLocking();
        var config = Scratch.Write("host.toml", $"search_paths = [\"plugins\"]\nplugins = [{string.Join(", ", plugins.Select(p => $"\"{p}\""))}]\n");
        Lock(config, plugins);
        return config;
    }
}
