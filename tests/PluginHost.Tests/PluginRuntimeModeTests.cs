using System.Runtime.Loader;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests;

/// <summary>
/// Development and production mode: which one a runtime runs in, what production loads into, and how
/// what production cannot do (unload, reload, isolation scopes, watching) says so.
/// </summary>
[TestFixture]
public sealed class PluginRuntimeModeTests : ScratchFixture
{
    private const string ProductionText = "the runtime is in production mode, where plugins load into non-collectible contexts (so their ReadyToRun code runs) and are never unloaded. "
        + "To reload, unload or watch plugins, run it in development mode: mode = \"development\" in the configuration, or PluginRuntimeOptions.Mode = RuntimeMode.Development.";

    [TestCase(true, null, RuntimeMode.Development)]
    [TestCase(false, null, RuntimeMode.Production)]
    [TestCase(false, RuntimeMode.Development, RuntimeMode.Development)]
    [TestCase(true, RuntimeMode.Production, RuntimeMode.Production)]
    public void Mode_UnlessSet_FollowsHotReload(bool hotReload, RuntimeMode? mode, RuntimeMode expected)
    {
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { HotReload = new HotReloadOptions { Enabled = hotReload }, Mode = mode });

        Assert.That(runtime.Mode, Is.EqualTo(expected));
    }

    [Test]
    public void Import_Production_LoadsIntoANonCollectibleContextFromTheFile()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = Production(searchPath);

        var plugin = runtime.Import(FixturePlugins.Counting);

        var assembly = plugin.Instance.GetType().Assembly;
        Assert.That(AssemblyLoadContext.GetLoadContext(assembly)!.IsCollectible, Is.False);
        Assert.That(assembly.Location, Is.EqualTo(Path.Combine(searchPath, FixturePlugins.Counting, FixturePlugins.Counting + ".dll")), "loaded from its path, so its ReadyToRun code can run");
        Assert.That(runtime.Registry.Invoke("counting.echo", "hi"), Does.Contain("hi"));
    }

    [Test]
    public void Import_Development_LoadsIntoACollectibleContextInMemory()
    {
        using var runtime = new TestRuntime().SearchPaths(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting)).Mode(RuntimeMode.Development).Build();

        var assembly = runtime.Import(FixturePlugins.Counting).Instance.GetType().Assembly;

        Assert.That(AssemblyLoadContext.GetLoadContext(assembly)!.IsCollectible, Is.True);
        Assert.That(assembly.Location, Is.Empty, "read into memory, so the file is never locked");
    }

    [Test]
    public void ImportAll_ProductionAndAPluginFails_TheOthersLoad()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting, FixturePlugins.Throwing);
        using var runtime = new TestRuntime().SearchPaths(searchPath).Plugins(FixturePlugins.Throwing, FixturePlugins.Counting).Mode(RuntimeMode.Production).Build();

        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => o.Status), Is.EqualTo(new[] { ImportStatus.Failed, ImportStatus.Loaded }));
        Assert.That(outcomes[0].Error!.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(runtime.Loaded.Select(p => p.Name), Is.EqualTo(new[] { FixturePlugins.Counting }));
    }

    [Test]
    public async Task UnloadAsync_Production_ThrowsSayingHowToSwitch()
    {
        using var runtime = Production(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));
        runtime.Import(FixturePlugins.Counting);

        var error = (await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.UnloadAsync(FixturePlugins.Counting)))!;

        Assert.That(error.Message, Is.EqualTo($"Unloading '{FixturePlugins.Counting}' is not available: {ProductionText}"));
        Assert.That(runtime.TryGetLoaded(FixturePlugins.Counting, out _), Is.True, "nothing was unloaded");
    }

    [Test]
    public async Task ReloadAsync_Production_ThrowsSayingHowToSwitch()
    {
        using var runtime = Production(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));
        var plugin = runtime.Import(FixturePlugins.Counting);

        var error = (await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.ReloadAsync(FixturePlugins.Counting)))!;

        Assert.That(error.Message, Is.EqualTo($"Reloading '{FixturePlugins.Counting}' is not available: {ProductionText}"));
        Assert.That(runtime.Import(FixturePlugins.Counting), Is.SameAs(plugin));
    }

    [Test]
    public void BeginIsolationScope_Production_ThrowsSayingHowToSwitch()
    {
        using var runtime = Production(Scratch.Path);

        var error = Assert.Throws<InvalidOperationException>(() => runtime.BeginIsolationScope())!;

        Assert.That(error.Message, Is.EqualTo($"An isolation scope is not available: {ProductionText}"));
    }

    [Test]
    public void StartWatching_Production_ThrowsSayingHowToSwitch()
    {
        using var runtime = Production(Scratch.Path);

        var error = Assert.Throws<InvalidOperationException>(() => runtime.StartWatching())!;

        Assert.That(error.Message, Is.EqualTo($"Watching plugin files for hot reload is not available: {ProductionText}"));
    }

    [Test]
    public async Task DisposeAsync_Production_StopsAndDisposesEveryPlugin()
    {
        const string name = "LifecyclePlugin";
        var searchPath = FixturePlugins.CopyToSearchPath(new FixedDirectory(Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName), name);
        var log = Path.Combine(Scratch.Path, "phases.log");
        var runtime = new TestRuntime().SearchPaths(searchPath).Plugin(name, ("log", log)).Mode(RuntimeMode.Production).Build();
        runtime.Import(name);

        await runtime.DisposeAsync();

        Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { "register 1", "start 1", "stop 1", "dispose 1" }));
    }

    private static PluginRuntime Production(string searchPath) => new TestRuntime().SearchPaths(searchPath).Mode(RuntimeMode.Production).Build();
}
