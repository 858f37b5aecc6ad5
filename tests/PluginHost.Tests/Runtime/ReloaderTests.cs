using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>The reload transaction: a new generation replaces the old one only when it registered, and the old one is released and verified collected.</summary>
[TestFixture]
public sealed class ReloaderTests : ScratchFixture
{
    private string _searchPath = null!;

    [SetUp]
    public void CreateSearchPath()
    {
        _searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
    }

    [Test]
    public async Task ReloadAsync_NewBuild_ServesItAndNothingOfTheOldGenerationRemains()
    {
        var marker = Path.Combine(Scratch.Path, "disposed.txt");
        using var runtime = new TestRuntime().SearchPaths(_searchPath).Plugin(VersionedBuilds.Name, ("dispose_marker", marker)).Build();
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        var first = runtime.Import(VersionedBuilds.Name);
        var handle = runtime.Registry.Handle("versioned.version");
        var kept = runtime.Registry.FindCommand("versioned.version")!;
        var oldContext = Unloading.ContextOf(runtime, VersionedBuilds.Name);

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        var result = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(result.Succeeded, Is.True, result.Error?.Message);
        Assert.That((result.OldGeneration, result.NewGeneration), Is.EqualTo((1, (int?)2)));
        Assert.That(handle.Invoke(""), Is.EqualTo("v2"), "a handle follows the reload");
        Assert.That(runtime.Registry.Invoke("versioned.registrations", ""), Is.EqualTo("1"), "Register ran once in the new generation");
        Assert.That(runtime.Registry.FindCommand("versioned.only-in-v1"), Is.Null, "the old generation's registrations are gone");
        Assert.That(runtime.Registry.Commands.Select(c => c.Generation), Has.All.EqualTo(2));
        Assert.That(runtime.Import(VersionedBuilds.Name).Generation, Is.EqualTo(2));
        Assert.That(first.State, Is.EqualTo(PluginState.Unloaded));
        Assert.That(File.ReadAllText(marker), Is.EqualTo("disposed v1\n"), "the old generation was disposed before release");
        Assert.That(result.Unload!.Collected, Is.True, "the runtime verified the old context was collected");
        Assert.That(Unloading.IsCollected(oldContext), Is.True);
        Assert.That(kept.IsCurrent, Is.False);
        Assert.That(() => kept.Invoke(""), Throws.TypeOf<ObjectDisposedException>().With.Message
            .Contains("The command 'versioned.version' belongs to the plugin 'Versioned' generation 1, which was unloaded or replaced by a reload")
            .And.Message.Contains("hold a CommandHandle"));
    }

    [Test]
    public async Task ReloadAsync_GarbageBytes_OldGenerationKeepsServingAndTheNextGoodBuildIsPickedUp()
    {
        using var runtime = TestRuntime.Create(_searchPath);
        using var events = new ReloadEvents(runtime);
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        runtime.Import(VersionedBuilds.Name);

        File.WriteAllBytes(VersionedBuilds.DllIn(_searchPath), [0x4D, 0x5A, 1, 2, 3]);
        var failed = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(failed.Succeeded, Is.False);
        Assert.That(failed.Error!.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(failed.Error.Message, Does.Contain("The plugin 'Versioned' at '").And.Contain("is not a .NET assembly"));
        Assert.That(events.Next(VersionedBuilds.Name), Is.SameAs(failed), "the failure is reported as an event");
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
        Assert.That(runtime.Import(VersionedBuilds.Name).State, Is.EqualTo(PluginState.Ready));

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        var recovered = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(recovered.Succeeded, Is.True);
        Assert.That(recovered.NewGeneration, Is.EqualTo(2), "the failed attempt's generation number was never published");
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
    }

    [Test]
    public async Task ReloadAsync_NewBuildThrowsInRegister_OldGenerationAndItsRegistrationsStay()
    {
        using var runtime = TestRuntime.Create(_searchPath);
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        runtime.Import(VersionedBuilds.Name);

        VersionedBuilds.Deploy(VersionedBuilds.Throws, _searchPath);
        var result = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(result.Error!.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(result.Error.Message, Does.Contain("threw InvalidOperationException in Register(): this build is broken on purpose"));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
        Assert.That(runtime.Registry.FindCommand("versioned.only-in-v1"), Is.Not.Null);
        Assert.That(runtime.Registry.Commands.Select(c => c.Generation), Has.All.EqualTo(1));
    }

    [Test]
    public async Task ReloadAsync_BuildDeleted_OldGenerationKeepsServing()
    {
        using var runtime = TestRuntime.Create(_searchPath);
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        runtime.Import(VersionedBuilds.Name);

        Directory.Delete(VersionedBuilds.FolderIn(_searchPath), recursive: true);
        var result = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(result.Error!.Failure, Is.EqualTo(ImportFailure.NotFound));
        Assert.That(result.Error.Message, Does.StartWith("No plugin named 'Versioned' was found."));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    [Test]
    public async Task ReloadAsync_NotLoaded_SaysToImportFirst()
    {
        using var runtime = TestRuntime.Create(_searchPath);

        var result = await runtime.ReloadAsync("Versioned");

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error!.Message, Is.EqualTo("The plugin 'Versioned' is not loaded, so there is nothing to reload. Import it first."));
    }

    [Test]
    public async Task ReloadAsync_CallInFlight_FinishesOnTheOldGenerationWhileNewCallsReachTheNew()
    {
        using var runtime = TestRuntime.Create(_searchPath);
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        runtime.Import(VersionedBuilds.Name);
        var gate = Directory.CreateDirectory(Path.Combine(Scratch.Path, "gate")).FullName;
        var inFlight = Task.Run(() => runtime.Registry.Invoke("versioned.slow", gate));
        await WaitForFile(Path.Combine(gate, "started"));

        VersionedBuilds.Deploy(VersionedBuilds.V2, _searchPath);
        var reload = runtime.ReloadAsync(VersionedBuilds.Name);
        await WaitUntil(() => runtime.Registry.FindCommand("versioned.version")?.Generation == 2);

        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"), "new calls reach the new generation at once");
        Assert.That(inFlight.IsCompleted, Is.False);
        Assert.That(reload.IsCompleted, Is.False, "the old generation is not released while a call is running in it");

        File.WriteAllText(Path.Combine(gate, "release"), "");
        Assert.That(await inFlight, Is.EqualTo("v1"), "the call in flight finished on the old code");
        var result = await reload;
        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Unload!.Collected, Is.True);
    }

    [Test]
    public async Task ReloadAsync_LeakyPlugin_IsReportedAsALeakWhileTheNewGenerationServes()
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(_searchPath), FixturePlugins.Leaky);
        var sink = new CollectingSink();
        using var runtime = new TestRuntime().SearchPaths(_searchPath).Logger(sink.CreateLogger()).Build();
        runtime.Import(FixturePlugins.Leaky);

        var reload = runtime.ReloadAsync(FixturePlugins.Leaky);
        Assert.That(reload.Wait(TimeSpan.FromSeconds(30)), Is.True, "leak verification is bounded: it never hangs");
        var result = await reload;

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Unload!.Collected, Is.False);
        Assert.That(result.Unload.LeakReport, Does.Contain("The plugin 'LeakyPlugin' generation 1 was released, but its load context is still alive")
            .And.Contain("AppDomain.ProcessExit").And.Contain("AssemblyLoadContext.Default.Resolving").And.Contain("Remove them in the plugin's Dispose()"));
        Assert.That(runtime.Registry.Invoke("leaky.ping", ""), Is.EqualTo("pong"));
        Assert.That(runtime.Registry.FindCommand("leaky.ping")!.Generation, Is.EqualTo(2));
        Assert.That(sink.Events.Any(e => e.Level == Serilog.Events.LogEventLevel.Warning && e.Properties.ContainsKey("LeakReport")), Is.True);
    }

    [Test]
    public async Task ReloadAsync_PluginOthersImported_ReloadsThemAfterItInDependencyOrder()
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(_searchPath), FixturePlugins.Counting, FixturePlugins.Dependent);
        using var runtime = TestRuntime.Create(_searchPath);
        using var events = new ReloadEvents(runtime);
        runtime.Import(FixturePlugins.Dependent);

        var result = await runtime.ReloadAsync(FixturePlugins.Counting);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Dependents.Select(d => (d.Name, d.NewGeneration)), Is.EqualTo(new[] { (FixturePlugins.Dependent, (int?)2) }));
        Assert.That(runtime.Registry.FindCommand("dependent.echo")!.Description, Is.EqualTo("Calls CountingPlugin generation 2."));
        Assert.That(runtime.Registry.Invoke("dependent.echo", "x"), Is.EqualTo("dependent sees: x from CountingPlugin (1)"));
        Assert.That(result.Dependents[0].Unload!.Collected, Is.True);
        Assert.That(events.Next(FixturePlugins.Counting).NewGeneration, Is.EqualTo(2), "the reloaded plugin is reported first");
        Assert.That(events.Next(FixturePlugins.Dependent).Trigger, Is.EqualTo("dependency CountingPlugin reloaded"));
    }

    [Test]
    public async Task ReloadAsync_PluginImportsItself_SeesItsNewPartialGeneration()
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(_searchPath), FixturePlugins.SelfImporter);
        using var runtime = TestRuntime.Create(_searchPath);
        runtime.Import(FixturePlugins.SelfImporter);

        var result = await runtime.ReloadAsync(FixturePlugins.SelfImporter);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(runtime.Registry.Invoke("self.observed", ""), Is.EqualTo("Registering; same instance: True"));
    }

    private static async Task WaitForFile(string path) => await WaitUntil(() => File.Exists(path));

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting");
            await Task.Delay(5);
        }
    }
}
