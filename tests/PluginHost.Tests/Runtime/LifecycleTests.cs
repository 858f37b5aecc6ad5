using Microsoft.Extensions.Time.Testing;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>Register, start, stop, dispose: their order on import, reload (overlap and stop-first), unload and shutdown, and their time limits.</summary>
[TestFixture]
public sealed class LifecycleTests : ScratchFixture
{
    private const string Name = "LifecyclePlugin";
    private string _searchPath = null!;
    private string _log = null!;

    [SetUp]
    public void CreateSearchPath()
    {
        _searchPath = FixturePlugins.CopyToSearchPath(new FixedDirectory(Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName), Name);
        _log = Path.Combine(Scratch.Path, "phases.log");
    }

    [Test]
    public async Task ReloadAndUnload_Overlap_TheNewGenerationStartsBeforeTheOldStops()
    {
        await using var runtime = Runtime();

        runtime.Import(Name);
        var afterImport = Phases();
        await runtime.ReloadAsync(Name);
        var afterReload = Phases();
        await runtime.UnloadAsync(Name);

        Assert.That(afterImport, Is.EqualTo(new[] { "register 1", "start 1" }));
        Assert.That(afterReload, Is.EqualTo(new[] { "register 1", "start 1", "register 2", "start 2", "stop 1", "dispose 1" }));
        Assert.That(Phases()[^2..], Is.EqualTo(new[] { "stop 2", "dispose 2" }));
    }

    [Test]
    public async Task ReloadAsync_StopFirst_StopsTheOldGenerationBeforeTheNewOneRegisters()
    {
        File.WriteAllText(Path.Combine(_searchPath, Name, "plugin.toml"), "reload = \"stop-first\"\n");
        await using var runtime = Runtime();
        runtime.Import(Name);

        await runtime.ReloadAsync(Name);

        Assert.That(Phases(), Is.EqualTo(new[] { "register 1", "start 1", "stop 1", "register 2", "start 2", "dispose 1" }));
    }

    [Test]
    public async Task ReloadAsync_StopFirstAndTheNewBuildIsBroken_StartsTheOldGenerationAgain()
    {
        File.WriteAllText(Path.Combine(_searchPath, Name, "plugin.toml"), "reload = \"stop-first\"\n");
        await using var runtime = Runtime();
        runtime.Import(Name);
        File.WriteAllBytes(Path.Combine(_searchPath, Name, Name + ".dll"), [0x4D, 0x5A, 1, 2]);

        var reload = await runtime.ReloadAsync(Name);

        Assert.That(reload.Error?.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(Phases(), Is.EqualTo(new[] { "register 1", "start 1", "stop 1", "start 1" }));
        Assert.That(runtime.Registry.Invoke("lifecycle.generation", ""), Is.EqualTo("1"));
    }

    [Test]
    public async Task Import_StartThrows_FailsAndTheGenerationIsDisposedNotStopped()
    {
        await using var runtime = Runtime(("fail", "start"));

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(Name))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.StartFailed));
        Assert.That(error.Message, Is.EqualTo(
            "The plugin 'LifecyclePlugin' threw InvalidOperationException in StartAsync(): start fails on purpose. The new generation was disposed and unloaded; the generation before it, if any, keeps serving. Fix the plugin and import it again."));
        Assert.That(Phases(), Is.EqualTo(new[] { "register 1", "start 1", "dispose 1" }));
        Assert.That(runtime.Registry.Commands, Is.Empty);
    }

    [Test]
    public async Task Import_StartOverrunsItsLimit_FailsNamingThePluginThePhaseAndTheLimit()
    {
        var clock = new FakeTimeProvider();
        await using var runtime = Runtime(clock, ("hang", "start"));

        var importing = Task.Run(() => Assert.Throws<PluginImportException>(() => runtime.Import(Name))!);
        WaitUntil(() => Phases().Contains("start 1"));
        await clock.DriveUntilDone(importing, new PluginTimeouts().Start);
        var error = await importing;
        File.WriteAllText(Path.Combine(Scratch.Path, "release"), "");

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.TimedOut));
        Assert.That(error.Message, Is.EqualTo(
            "The plugin 'LifecyclePlugin' generation 1 did not finish StartAsync() within 30 s. Its generation was abandoned: its code may still be running, so its load context cannot be unloaded until the process ends; the other plugins are unaffected. "
            + "Make StartAsync() return sooner, or raise the limit (start_ms under [timeouts] in the TOML, or PluginRuntimeOptions.Timeouts)."));
        Assert.That(runtime.TryGetLoaded(Name, out _), Is.False);
    }

    [Test]
    public async Task Import_RegisterNeverReturns_FailsAfterItsLimitAndTheHostGoesOn()
    {
        var clock = new FakeTimeProvider();
        FixturePlugins.CopyToSearchPath(new FixedDirectory(_searchPath), FixturePlugins.Counting);
        await using var runtime = Runtime(clock, ("hang", "register"));

        var importing = Task.Run(() => Assert.Throws<PluginImportException>(() => runtime.Import(Name))!);
        WaitUntil(() => Phases().Contains("register 1"));
        await clock.DriveUntilDone(importing, new PluginTimeouts().Register);
        var error = await importing;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.TimedOut));
        Assert.That(error.Message, Does.StartWith("The plugin 'LifecyclePlugin' generation 1 did not finish Register() within 30 s. Its generation was abandoned"));
        Assert.That(runtime.Import(FixturePlugins.Counting).State, Is.EqualTo(PluginState.Ready), "the host goes on");
        File.WriteAllText(Path.Combine(Scratch.Path, "release"), "");
        Assert.That(() => runtime.Registry.Invoke("lifecycle.generation", ""), Throws.TypeOf<KeyNotFoundException>(), "what it registers late is never published");
    }

    [Test]
    public async Task UnloadAsync_StopOverrunsItsLimit_AbandonsTheGenerationAndLogsWhy()
    {
        var clock = new FakeTimeProvider();
        var sink = new CollectingSink();
        await using var runtime = new TestRuntime().SearchPaths(_searchPath).Plugin(Name, ("log", _log), ("hang", "stop")).TimeProvider(clock).Logger(sink.CreateLogger()).Build();
        runtime.Import(Name);

        var unloading = runtime.UnloadAsync(Name);
        WaitUntil(() => Phases().Contains("stop 1"));
        await clock.DriveUntilDone(unloading, new PluginTimeouts().Stop);
        File.WriteAllText(Path.Combine(Scratch.Path, "release"), "");

        Assert.That((await unloading)!.Collected, Is.False, "an abandoned generation is never unloaded");
        Assert.That(Phases(), Does.Not.Contain("dispose 1"));
        Assert.That(sink.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)), Has.Some.StartsWith(
            "\"The plugin 'LifecyclePlugin' generation 1 did not finish StopAsync() within 30 s. Its generation was abandoned"));
    }

    [Test]
    public async Task DisposeAsync_Runtime_StopsThenDisposesTheServingGeneration()
    {
        var runtime = Runtime();
        runtime.Import(Name);

        await runtime.DisposeAsync();

        Assert.That(Phases(), Is.EqualTo(new[] { "register 1", "start 1", "stop 1", "dispose 1" }));
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the plugin never reached that phase");
            Thread.Yield();
        }
    }

    private string[] Phases() => File.Exists(_log) ? File.ReadAllLines(_log) : [];

    private PluginRuntime Runtime(params (string Key, string Value)[] settings) => Runtime(TimeProvider.System, settings);

    private PluginRuntime Runtime(TimeProvider clock, params (string Key, string Value)[] settings) =>
        new TestRuntime().SearchPaths(_searchPath).Plugin(Name, [("log", _log), .. settings]).TimeProvider(clock).Build();
}
