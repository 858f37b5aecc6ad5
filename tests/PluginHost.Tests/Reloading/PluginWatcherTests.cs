using PluginHost.Configuration;
using PluginHost.Diagnostics;
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
    public async Task StartWatching_BurstOfWrites_GivesExactlyOneReload()
    {
        var debounce = TimeSpan.FromMilliseconds(300);
        using var runtime = Runtime(new HotReloadOptions { Debounce = debounce });
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        // A build writes every file, some more than once.
        for (var i = 0; i < 5; i++)
        {
            VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        }

        var result = events.Next(VersionedBuilds.Name);
        Assert.That(result.Succeeded, Is.True, result.Error?.Message);
        Assert.That(result.Trigger, Does.EndWith(" changed"));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
        Assert.That(events.AnyWithin(debounce * 4), Is.False, "the burst must not cause a second reload");
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
        using var runtime = Runtime(new HotReloadOptions(), new PluginEntry { Name = VersionedBuilds.Name, HotReload = false });
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);

        Assert.That(events.AnyWithin(TimeSpan.FromSeconds(1)), Is.False);
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task StartWatching_HotReloadOffGlobally_IsNotReloaded()
    {
        using var runtime = Runtime(new HotReloadOptions { Enabled = false });
        using var events = new ReloadEvents(runtime);
        runtime.Import(VersionedBuilds.Name);
        await using var watching = runtime.StartWatching();

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);

        Assert.That(events.AnyWithin(TimeSpan.FromSeconds(1)), Is.False);
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

    private PluginRuntime Runtime(HotReloadOptions hotReload, PluginEntry? entry = null) => new(new PluginRuntimeOptions
    {
        SearchPaths = [_searchPath],
        Plugins = entry is null ? [] : [entry],
        HotReload = hotReload,
    });
}
