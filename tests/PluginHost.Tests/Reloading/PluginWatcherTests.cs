using Microsoft.Extensions.Time.Testing;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Reloading;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Reloading;

[TestFixture]
public sealed class PluginWatcherTests : ScratchFixture
{
    private string _searchPath = null!;

    [SetUp]
    public void CreateSearchPath()
    {
        _searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
    }

    [Test]
    public async Task StartWatching_TempFileRenamedIntoPlace_Reloads()
    {
        using var runtime = Runtime(new HotReloadOptions());
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        VersionedBuilds.DeployByRename(VersionedBuilds.V2, _searchPath);

        Assert.That(events.Next(VersionedBuilds.Name).Succeeded, Is.True);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
    }

    [Test]
    public async Task StartWatching_Polling_NoticesTheNewBuildWithoutFileEvents()
    {
        using var runtime = Runtime(new HotReloadOptions { UsePolling = true, PollInterval = TimeSpan.FromMilliseconds(50) });
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);

        Assert.That(events.Next(VersionedBuilds.Name).Succeeded, Is.True);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
    }

    [Test]
    public async Task StartWatching_HalfWrittenBuild_IsRetriedAndTheOldGenerationServesMeanwhile()
    {
        using var runtime = Runtime(new HotReloadOptions());
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        var full = File.ReadAllBytes(Path.Combine(FixturePlugins.Root, VersionedBuilds.V2, "Versioned.dll"));
        File.WriteAllBytes(VersionedBuilds.DllIn(_searchPath), full[..(full.Length / 3)]);

        var first = events.Next(VersionedBuilds.Name);
        var retry = events.Next(VersionedBuilds.Name);
        Assert.That(first.Error?.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(retry.Error?.Failure, Is.EqualTo(ImportFailure.NotAnAssembly), "retried without a new file event");
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));

        File.WriteAllBytes(VersionedBuilds.DllIn(_searchPath), full);
        Assert.That(WaitForSuccess(events).NewGeneration, Is.EqualTo(2));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
    }

    [Test]
    public async Task StartWatching_PluginWithHotReloadOff_IsNotReloaded()
    {
        var clock = new FakeTimeProvider();
        await using var runtime = Runtime(new HotReloadOptions { UsePolling = true }, new PluginEntry { Name = VersionedBuilds.Name, HotReload = false }, clock: clock);
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        clock.Advance(TimeSpan.FromSeconds(10));
        await watching.DisposeAsync();

        Assert.That(((PluginWatcher)watching).WatchedNames, Is.Empty);
        Assert.That(events.Count, Is.Zero);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task StartWatching_HotReloadOffGlobally_IsNotReloaded()
    {
        var clock = new FakeTimeProvider();
        await using var runtime = Runtime(new HotReloadOptions { Enabled = false, UsePolling = true }, clock: clock);
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        clock.Advance(TimeSpan.FromSeconds(10));
        await watching.DisposeAsync();

        Assert.That(((PluginWatcher)watching).WatchedNames, Is.Empty);
        Assert.That(events.Count, Is.Zero);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task StartWatching_PluginImportedAfterStart_IsWatchedToo()
    {
        using var runtime = Runtime(new HotReloadOptions());
        using var events = new ReloadEvents(runtime);
        await using var watching = runtime.StartWatching();
        runtime.Import(VersionedBuilds.Name);

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);

        Assert.That(events.Next(VersionedBuilds.Name).Succeeded, Is.True);
    }

    [Test]
    public async Task StartWatching_FinderThrowsDuringAWatchedReload_IsAFailedReloadAndTheOldGenerationServes()
    {
        var clock = new FakeTimeProvider();
        var finder = new ThrowingFinder();
        await using var runtime = Runtime(new HotReloadOptions { UsePolling = true }, clock: clock);
        runtime.Finders.AddFirst(finder);
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        finder.Throw = true;
        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        clock.Advance(new HotReloadOptions().PollInterval);
        clock.Advance(new HotReloadOptions().PollInterval + new HotReloadOptions().Debounce);
        var result = events.Next(VersionedBuilds.Name);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error!.Failure, Is.EqualTo(ImportFailure.FinderFailed));
        Assert.That(result.Error.Message, Is.EqualTo(
            "The finder 'throwing' threw InvalidOperationException while looking for the plugin 'Versioned': the finder broke on purpose. The import was stopped; fix the finder, or remove it from the chain."));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task StartWatching_PollingSeesABurstOverSeveralPolls_ReloadsOnce()
    {
        var clock = new FakeTimeProvider();
        var options = new HotReloadOptions { UsePolling = true };
        await using var runtime = Runtime(options, clock: clock);
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        // A build writing its files over a second: each poll sees another change.
        for (var write = 0; write < 4; write++)
        {
            File.SetLastWriteTimeUtc(VersionedBuilds.DllIn(_searchPath), DateTime.UtcNow.AddMinutes(write + 1));
            clock.Advance(options.PollInterval);
        }

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        clock.Advance(options.PollInterval);
        clock.Advance(options.PollInterval + options.Debounce);
        var result = events.Next(VersionedBuilds.Name);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(events.Count, Is.Zero, "no second reload");
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
    }

    [Test]
    public async Task StartWatching_ConfiguredPluginMissingAtStart_IsImportedWhenItsBuildAppearsThenReloadedLikeAnyOther()
    {
        Directory.Delete(VersionedBuilds.FolderIn(_searchPath), recursive: true);
        var clock = new FakeTimeProvider();
        var options = new HotReloadOptions { UsePolling = true };
        await using var runtime = Runtime(options, new PluginEntry { Name = VersionedBuilds.Name }, clock: clock);
        using var events = new ReloadEvents(runtime);
        Assert.That(runtime.ImportAll().Single().Status, Is.EqualTo(ImportStatus.Failed));
        var watching = (PluginWatcher)runtime.StartWatching();
        Assert.That(watching.WatchedNames, Is.EqualTo(new[] { VersionedBuilds.Name }), "watched although it failed to import");

        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        clock.Advance(options.PollInterval);
        clock.Advance(options.PollInterval + options.Debounce);
        var imported = events.Next(VersionedBuilds.Name);

        Assert.That(imported.Succeeded, Is.True, imported.Error?.Message);
        Assert.That(imported.OldGeneration, Is.Zero, "an import, not a reload");
        Assert.That(imported.NewGeneration, Is.EqualTo(1));
        Assert.That(imported.Trigger, Does.StartWith(VersionedBuilds.Name).And.EndWith(" changed"));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        clock.Advance(options.PollInterval);
        clock.Advance(options.PollInterval + options.Debounce);
        var reloaded = events.Next(VersionedBuilds.Name);

        Assert.That(reloaded.Succeeded, Is.True, reloaded.Error?.Message);
        Assert.That((reloaded.OldGeneration, reloaded.NewGeneration), Is.EqualTo((1, (int?)2)));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
        await clock.DriveUntilDone(watching.DisposeAsync().AsTask());
    }

    [Test]
    public async Task StartWatching_ConfiguredPluginMissingAtStart_FileEventsImportItWhenItsBuildAppears()
    {
        // The folder is there but empty, as after a clean: every watched place exists, so file events (not polling) see the build.
        Directory.Delete(VersionedBuilds.FolderIn(_searchPath), recursive: true);
        Directory.CreateDirectory(VersionedBuilds.FolderIn(_searchPath));
        using var runtime = Runtime(new HotReloadOptions(), new PluginEntry { Name = VersionedBuilds.Name });
        using var events = new ReloadEvents(runtime);
        Assert.That(runtime.ImportAll().Single().Status, Is.EqualTo(ImportStatus.Failed));
        await using var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        var imported = WaitForSuccess(events);

        Assert.That(imported.OldGeneration, Is.Zero);
        Assert.That(imported.NewGeneration, Is.EqualTo(1));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task StartWatching_FirstBuildIsGarbage_IsImportedOnceTheGoodBuildIsWritten()
    {
        File.WriteAllBytes(VersionedBuilds.DllIn(_searchPath), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        var clock = new FakeTimeProvider();
        var options = new HotReloadOptions { UsePolling = true };
        await using var runtime = Runtime(options, new PluginEntry { Name = VersionedBuilds.Name }, clock: clock);
        using var events = new ReloadEvents(runtime);
        Assert.That(runtime.ImportAll().Single().Error?.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        var watching = runtime.StartWatching();

        // Nothing changed yet: the broken build is not retried on its own.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(events.Count, Is.Zero);

        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        clock.Advance(options.PollInterval);
        clock.Advance(options.PollInterval + options.Debounce);
        var imported = events.Next(VersionedBuilds.Name);

        Assert.That(imported.Succeeded, Is.True, imported.Error?.Message);
        Assert.That(imported.OldGeneration, Is.Zero);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
        await clock.DriveUntilDone(watching.DisposeAsync().AsTask());
        Assert.That(events.Count, Is.Zero, "one import, nothing else");
    }

    [Test]
    public async Task StartWatching_PluginThatRequiresAMissingOne_IsImportedRightAfterIt()
    {
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("LibraryUser"), Path.Combine(_searchPath, "LibraryUser"));
        var clock = new FakeTimeProvider();
        var options = new HotReloadOptions { UsePolling = true };
        await using var runtime = new TestRuntime().SearchPaths(_searchPath).HotReload(options).TimeProvider(clock)
            .Plugin(new PluginEntry { Name = "GreetingLibrary" }).Plugin(new PluginEntry { Name = "LibraryUser" }).Build();
        using var events = new ReloadEvents(runtime);
        Assert.That(runtime.ImportAll().Select(o => o.Error?.Failure), Is.EqualTo(new ImportFailure?[] { ImportFailure.NotFound, ImportFailure.RequirementNotFound }));
        var watching = runtime.StartWatching();

        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("GreetingLibrary"), Path.Combine(_searchPath, "GreetingLibrary"));
        clock.Advance(options.PollInterval);
        clock.Advance(options.PollInterval + options.Debounce);
        var library = events.Next("GreetingLibrary");
        clock.Advance(options.PollInterval + options.Debounce);
        var user = events.Next("LibraryUser");

        Assert.That(library.Succeeded, Is.True, library.Error?.Message);
        Assert.That(user.Succeeded, Is.True, user.Error?.Message);
        Assert.That(user.OldGeneration, Is.Zero);
        Assert.That(user.Trigger, Is.EqualTo("requirement GreetingLibrary imported"));
        Assert.That(runtime.Registry.Invoke("user.identity", ""), Is.EqualTo("same"));
        await clock.DriveUntilDone(watching.DisposeAsync().AsTask());
    }

    [Test]
    public async Task StartWatching_MissingPluginWithHotReloadOff_IsNotWatched()
    {
        Directory.Delete(VersionedBuilds.FolderIn(_searchPath), recursive: true);
        var clock = new FakeTimeProvider();
        await using var runtime = Runtime(new HotReloadOptions { UsePolling = true }, new PluginEntry { Name = VersionedBuilds.Name, HotReload = false }, clock: clock);
        using var events = new ReloadEvents(runtime);
        runtime.ImportAll();
        var watching = (PluginWatcher)runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        clock.Advance(TimeSpan.FromSeconds(10));
        await watching.DisposeAsync();

        Assert.That(watching.WatchedNames, Is.Empty);
        Assert.That(events.Count, Is.Zero);
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public async Task DisposeAsync_RuntimeWithAWatcher_StopsWatchingAndReleasesEveryGeneration()
    {
        var clock = new FakeTimeProvider();
        var runtime = Runtime(new HotReloadOptions { UsePolling = true }, clock: clock);
        using var events = new ReloadEvents(runtime);
        var plugin = runtime.Import(VersionedBuilds.Name);
        var watching = (PluginWatcher)runtime.StartWatching();

        await clock.DriveUntilDone(runtime.DisposeAsync().AsTask());
        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.That(watching.WatchedNames, Is.Empty, "the runtime stopped the watcher it started");
        Assert.That(events.Count, Is.Zero);
        Assert.That(plugin.State, Is.EqualTo(PluginState.Unloaded));
        Assert.That(runtime.Loaded, Is.Empty);
        Assert.That(() => runtime.Import(VersionedBuilds.Name), Throws.TypeOf<ObjectDisposedException>()
            .With.Message.Contains("The plugin runtime was disposed; it imports and reloads nothing more. Create a new PluginRuntime."));
    }

    private static ReloadResult WaitForSuccess(ReloadEvents events)
    {
        for (var i = 0; i < 10; i++)
        {
            var next = events.Next(VersionedBuilds.Name);
            if (next.Succeeded)
            {
                return next;
            }
        }

        Assert.Fail("The full build was never picked up.");
        throw new InvalidOperationException("unreachable");
    }

    private PluginRuntime Runtime(HotReloadOptions hotReload, PluginEntry? entry = null, TimeProvider? clock = null)
    {
        var runtime = new TestRuntime().SearchPaths(_searchPath).HotReload(hotReload).TimeProvider(clock ?? TimeProvider.System);
        return (entry is null ? runtime : runtime.Plugin(entry)).Build();
    }

    /// <summary>A real finder that breaks on demand with an exception that is not the host's own.</summary>
    private sealed class ThrowingFinder : IPluginFinder
    {
        public volatile bool Throw;

        public string Name => "throwing";

        public PluginSpec? FindSpec(string name, PluginSearchContext context) =>
            Throw ? throw new InvalidOperationException("the finder broke on purpose") : null;
    }
}
