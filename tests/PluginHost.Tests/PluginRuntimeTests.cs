using PluginHost.Configuration;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests;

[TestFixture]
public sealed class PluginRuntimeTests : ScratchFixture
{
    [Test]
    public void Import_SecondCall_ReturnsSameObjectWithoutRegisteringAgain()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));

        var first = runtime.Import(FixturePlugins.Counting);
        var second = runtime.Import(FixturePlugins.Counting);

        Assert.That(second, Is.SameAs(first));
        Assert.That(runtime.Registry.Invoke("counting.registrations", ""), Is.EqualTo("1"));
        Assert.That(first.State, Is.EqualTo(PluginState.Ready));
        Assert.That(first.Generation, Is.EqualTo(1));
    }

    [Test]
    public void Import_CachedName_TouchesNeitherFinderNorFileSystem()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = TestRuntime.Create(searchPath);
        var finder = new CountingFinder();
        runtime.Finders.AddFirst(finder);
        var first = runtime.Import(FixturePlugins.Counting);

        // The plugin loaded in memory, so its files can go; a cache hit must not notice.
        Directory.Delete(Path.Combine(searchPath, FixturePlugins.Counting), recursive: true);
        var second = runtime.Import(FixturePlugins.Counting);

        Assert.That(second, Is.SameAs(first));
        Assert.That(finder.Calls, Is.EqualTo(1));
    }

    [Test]
    public void Import_ManyThreadsOneName_LoadsAndRegistersExactlyOnce()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = new TestRuntime().SearchPaths(searchPath).Plugin(FixturePlugins.Counting, ("delay_ms", "100")).Build();
        const int Threads = 16;
        using var start = new Barrier(Threads);
        var results = new LoadedPlugin[Threads];

        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = runtime.Import(FixturePlugins.Counting);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.That(results, Has.All.SameAs(results[0]));
        Assert.That(runtime.Registry.Invoke("counting.registrations", ""), Is.EqualTo("1"));
    }

    [Test]
    public void Import_PluginImportsItselfDuringRegister_GetsItsPartialSelf()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.SelfImporter));

        var plugin = runtime.Import(FixturePlugins.SelfImporter);

        Assert.That(runtime.Registry.Invoke("self.observed", ""), Is.EqualTo("Registering; same instance: True"));
        Assert.That(plugin.State, Is.EqualTo(PluginState.Ready));
    }

    [Test]
    public void Import_PluginImportsAnother_LoadsTheDependencyOnceAndBothWork()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting, FixturePlugins.Dependent));

        runtime.Import(FixturePlugins.Dependent);
        runtime.Import(FixturePlugins.Counting);

        Assert.That(runtime.Registry.Invoke("dependent.echo", "hi"), Is.EqualTo("dependent sees: hi from CountingPlugin (1)"));
        Assert.That(runtime.Registry.Invoke("counting.registrations", ""), Is.EqualTo("1"));
        Assert.That(runtime.Loaded.Select(p => p.Name), Is.EquivalentTo(new[] { FixturePlugins.Counting, FixturePlugins.Dependent }));
    }

    [Test]
    public void Import_PluginFolder_LoadsIntoCollectibleContextWithSharedAbstractions()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));

        var plugin = runtime.Import(FixturePlugins.Counting);
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(plugin.Instance.GetType().Assembly)!;

        Assert.That(context.IsCollectible, Is.True);
        Assert.That(context, Is.Not.SameAs(System.Runtime.Loader.AssemblyLoadContext.Default));
        Assert.That(plugin.Instance, Is.InstanceOf<IPlugin>(), "IPlugin must be the host's type, shared from the default context");
        Assert.That(plugin.Spec.Finder, Is.EqualTo("directory"));
        Assert.That(plugin.Version, Does.StartWith("1.0.0"));
    }

    [Test]
    public async Task Unload_LoadedPlugin_RemovesItAndItsRegistrationsAndItsContextIsCollected()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));
        runtime.Import(FixturePlugins.Counting);
        var context = Unloading.ContextOf(runtime, FixturePlugins.Counting);

        var result = await runtime.UnloadAsync(FixturePlugins.Counting);

        Assert.That(result, Is.Not.Null);
        Assert.That(result!.Collected, Is.True, "the runtime's own verification");
        Assert.That(Unloading.IsCollected(context), Is.True, "the test's independent check");
        Assert.That(runtime.TryGetLoaded(FixturePlugins.Counting, out _), Is.False);
        Assert.That(runtime.Registry.FindCommand("counting.echo"), Is.Null);
    }

    [Test]
    public async Task Unload_StaleReferenceKept_IsDetectedAndDoesNotPinTheContext()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));
        var stale = runtime.Import(FixturePlugins.Counting);

        var result = await runtime.UnloadAsync(FixturePlugins.Counting);

        Assert.That(result!.Collected, Is.True, "a kept LoadedPlugin must not keep the plugin's types alive");
        Assert.That(stale.State, Is.EqualTo(PluginState.Unloaded));
        Assert.That(() => stale.Instance, Throws.TypeOf<ObjectDisposedException>()
            .With.Message.Contains("'CountingPlugin' generation 1 was unloaded").And.Message.Contains("Import 'CountingPlugin' again"));
    }

    [Test]
    public async Task Import_AfterUnload_LoadsANewGeneration()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));
        runtime.Import(FixturePlugins.Counting);
        await runtime.UnloadAsync(FixturePlugins.Counting);

        var again = runtime.Import(FixturePlugins.Counting);

        Assert.That(again.Generation, Is.EqualTo(2));
        Assert.That(runtime.Registry.Invoke("counting.registrations", ""), Is.EqualTo("1"), "a new context starts with fresh statics");
    }

    [Test]
    public async Task Unload_NameNotLoaded_ReturnsNull()
    {
        using var runtime = TestRuntime.Create(Scratch.Path);

        Assert.That(await runtime.UnloadAsync("Nothing"), Is.Null);
    }

    [Test]
    public void Import_AfterDispose_Throws()
    {
        var runtime = TestRuntime.Create(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting));
        runtime.Dispose();

        Assert.That(() => runtime.Import(FixturePlugins.Counting), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void Import_SuccessfulImport_LogsStructuredEvent()
    {
        var sink = new CollectingSink();
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = new TestRuntime().SearchPaths(searchPath).Logger(sink.CreateLogger()).Build();

        runtime.Import(FixturePlugins.Counting);

        var imported = sink.Events.Single(e => e.MessageTemplate.Text.StartsWith("Imported", StringComparison.Ordinal));
        Assert.That(imported.Properties["Plugin"].ToString(), Is.EqualTo("\"CountingPlugin\""));
        Assert.That(imported.Properties["Path"].ToString(), Does.Contain("CountingPlugin.dll"));
        Assert.That(imported.Properties["Finder"].ToString(), Is.EqualTo("\"directory\""));
        Assert.That(imported.Properties, Does.ContainKey("ElapsedMs"));
        Assert.That(sink.Events.Where(e => e.MessageTemplate.Text.StartsWith("Finder", StringComparison.Ordinal)), Is.Not.Empty, "each probe is logged at debug level");
    }

    [Test]
    public void ImportAll_OnePluginThrowsAnotherIsMissing_TheOthersStillLoad()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting, FixturePlugins.Throwing, FixturePlugins.SelfImporter);
        using var runtime = new TestRuntime()
            .SearchPaths(searchPath)
            .Plugins(FixturePlugins.Counting, FixturePlugins.Throwing, "Missing")
            .Plugin(new PluginEntry { Name = FixturePlugins.NoPluginType, Enabled = false })
            .Plugins(FixturePlugins.SelfImporter)
            .Build();

        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => (o.Name, o.Status)), Is.EqualTo(new[]
        {
            (FixturePlugins.Counting, ImportStatus.Loaded),
            (FixturePlugins.Throwing, ImportStatus.Failed),
            ("Missing", ImportStatus.Failed),
            (FixturePlugins.NoPluginType, ImportStatus.Disabled),
            (FixturePlugins.SelfImporter, ImportStatus.Loaded),
        }));
        Assert.That(outcomes[1].Error!.Message, Does.Contain("'ThrowingPlugin'"));
        Assert.That(runtime.Registry.Invoke("counting.echo", "x"), Does.StartWith("x from"));
        Assert.That(runtime.Registry.FindCommand("self.observed"), Is.Not.Null);
    }

    [Test]
    public void ImportAll_Cancelled_StopsBeforeTheNextPlugin()
    {
        using var runtime = new TestRuntime()
            .SearchPaths(FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting))
            .Plugins(FixturePlugins.Counting)
            .Build();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(() => runtime.ImportAll(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(runtime.Loaded, Is.Empty);
    }
}
