using FixtureContracts;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Registration;

/// <summary>
/// Typed extension points: the host (this test assembly) owns FixtureContracts and shares it; the real
/// TypedGreeter plugin implements its contracts and carries its own copy of FixtureContracts.dll.
/// </summary>
[TestFixture]
public sealed class ExtensionHandleTests : ScratchFixture
{
    private string _searchPath = null!;

    [SetUp]
    public void CreateSearchPath()
    {
        _searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        TypedBuilds.Deploy(TypedBuilds.V1, _searchPath);
    }

    [Test]
    public async Task Invoke_SharedContractAndPluginCarriesItsOwnCopy_CallsThePluginThroughTheHostsType()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);
        var greeting = runtime.Registry.Handle<IGreeting>();

        Assert.That(greeting.Invoke(static g => g.Greet("world")), Is.EqualTo("v1: Hello, world"));
        Assert.That(greeting.Generation, Is.EqualTo(1));
        using var lease = greeting.Acquire();
        Assert.That(lease.Value.GetType().GetInterfaces(), Does.Contain(typeof(IGreeting)), "the plugin's IGreeting is the host's own type");
        Assert.That(lease.Plugin, Is.EqualTo(TypedBuilds.Name));
    }

    [Test]
    public async Task Import_ContractNotShared_FailsInRegisterNamingTheAssemblyToShare()
    {
        await using var runtime = new TestRuntime().SearchPaths(_searchPath).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(TypedBuilds.Name))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(error.InnerException?.Message, Is.EqualTo(
            "The plugin 'TypedGreeter' registered an implementation of FixtureContracts.IGreeting, but its assembly FixtureContracts is the plugin's own copy, which the host never sees. "
            + "Share it: add \"FixtureContracts\" to shared_assemblies in the host's TOML (or PluginRuntimeOptions.SharedAssemblies), and reference the same FixtureContracts from the host."));
        Assert.That(runtime.Registry.All<IGreeting>().Count, Is.Zero);
    }

    [Test]
    public async Task Import_PluginBuiltAgainstANewerSharedAssembly_FailsNamingBothVersions()
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(_searchPath), "NewerContractsPlugin");
        await using var runtime = Runtime();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("NewerContractsPlugin"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.SharedAssemblyMismatch));
        Assert.That(error.Message, Is.EqualTo(
            "The plugin 'NewerContractsPlugin' was built against FixtureContracts 2.0.0.0, but the host shares FixtureContracts 1.0.0.0, which is older. "
            + "Build the plugin against FixtureContracts 1.0.0.0 or earlier, or update the host to 2.0.0.0."));
    }

    [Test]
    public async Task Import_SharedAssemblyTheHostLacks_SaysTheHostLacksItNotToBuildItIntoThePlugin()
    {
        FixturePlugins.CopyToSearchPath(new FixedDirectory(_searchPath), "GreetingLibrary", "LibraryUser");
        await using var runtime = new TestRuntime().SearchPaths(_searchPath).SharedAssemblies("GreetingLibrary").Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("LibraryUser"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.SharedAssemblyMismatch), error.Message);
        Assert.That(error.Message, Is.EqualTo(
            "The plugin 'LibraryUser' was built against GreetingLibrary 1.0.0.0, which the host shares with every plugin, but the host itself has no GreetingLibrary. "
            + "Reference GreetingLibrary from the host application (or remove it from shared_assemblies); a plugin's own copy is never used for a shared assembly."));
    }

    [Test]
    public async Task Invoke_AfterAReload_ReachesTheNewGenerationAndTheOldOneIsCollected()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);
        var greeting = runtime.Registry.Handle<IGreeting>();
        Assert.That(greeting.Invoke(static g => g.Greet("a")), Is.EqualTo("v1: Hello, a"));

        TypedBuilds.Deploy(TypedBuilds.V2, _searchPath);
        var reload = await runtime.ReloadAsync(TypedBuilds.Name);

        Assert.That(reload.Succeeded, Is.True, reload.Error?.Message);
        Assert.That(greeting.Invoke(static g => g.Greet("a")), Is.EqualTo("v2: Hello, a"));
        Assert.That(reload.Unload!.Collected, Is.True, "the handle kept across the reload does not pin the old generation");
    }

    [Test]
    public async Task Invoke_HandleHeldAcross100ReloadsWhile8ThreadsCall_NoCallFailsAndEveryOldGenerationIsCollected()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);
        var greeting = runtime.Registry.Handle<IGreeting>();
        using var stop = new CancellationTokenSource();
        var calls = 0L;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        // Threads of their own, as a host's request threads would be: eight pool threads spinning at full
        // CPU would starve the pool that the test's own awaits need, and the pool does not grow at full CPU.
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var answer = greeting.Invoke(static g => g.Greet("x"));
                    Assert.That(answer, Is.EqualTo("v1: Hello, x").Or.EqualTo("v2: Hello, x"));
                    Interlocked.Increment(ref calls);

                    // Eight callers on two cores must leave the reloading thread some time.
                    Thread.Yield();
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        var reloads = new List<ReloadResult>();
        for (var i = 0; i < 100; i++)
        {
            TypedBuilds.Deploy(i % 2 == 0 ? TypedBuilds.V2 : TypedBuilds.V1, _searchPath);
            reloads.Add(await runtime.ReloadAsync(TypedBuilds.Name));
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.That(failures, Is.Empty);
        Assert.That(Interlocked.Read(ref calls), Is.GreaterThan(100));
        Assert.That(reloads.Select(r => r.Succeeded), Is.All.True, () => string.Join(Environment.NewLine, reloads.Where(r => !r.Succeeded).Select(r => r.Error?.Message)));
        // Eight threads calling in a loop make the JIT tier the plugin's methods up in the background, which
        // can hold a generation past the runtime's short verification on a loaded machine; a longer look
        // tells that apart from a real leak.
        Assert.That(reloads.Select(r => r.Unload!.Collected || Unloading.IsCollected(r.Unload.LoadContext!, maxPasses: 200)), Is.All.True, "no retired generation stays in memory");
        Assert.That(greeting.Generation, Is.EqualTo(101));
    }

    [Test]
    public async Task InvokeAsync_CallAwaitingInTheOldGeneration_HoldsItsRetirementUntilTheCallCompletes()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);
        var greeting = runtime.Registry.Handle<IGreeting>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = greeting.InvokeAsync(g => g.GreetWhenAsync("late", gate.Task));

        TypedBuilds.Deploy(TypedBuilds.V2, _searchPath);
        var reload = runtime.ReloadAsync(TypedBuilds.Name);

        Assert.That(greeting.Invoke(static g => g.Greet("new")), Is.EqualTo("v2: Hello, new"), "new calls reach the new generation at once");
        Assert.That(reload.IsCompleted, Is.False, "the old generation is not retired while an awaited call holds its lease");
        gate.SetResult();
        Assert.That(await inFlight, Is.EqualTo("v1: Hello, late"), "the awaited call finished on the old code");
        Assert.That((await reload).Unload!.Collected, Is.True);
    }

    [Test]
    public async Task Invoke_Factory_RunsOncePerGenerationOnFirstUse()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);
        var shout = runtime.Registry.Handle<ITextTransform>("shout");

        Assert.That(shout.Invoke(static t => t.Transform("hi")), Is.EqualTo("HI (v1)"));
        var first = shout.Invoke(static t => t);
        Assert.That(shout.Invoke(static t => t), Is.SameAs(first), "one instance per generation");
        TypedBuilds.Deploy(TypedBuilds.V2, _searchPath);
        await runtime.ReloadAsync(TypedBuilds.Name);
        Assert.That(shout.Invoke(static t => t.Transform("hi")), Is.EqualTo("HI (v2)"));
    }

    [Test]
    public async Task Invoke_NothingRegisteredUnderThatName_ListsWhatIsLoaded()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);

        Assert.That(() => runtime.Registry.Handle<ITextTransform>("whisper").Invoke(static t => t.Transform("x")), Throws.TypeOf<KeyNotFoundException>().With.Message.EqualTo(
            "No loaded plugin provides FixtureContracts.ITextTransform named 'whisper'. Loaded implementations: TypedGreeter ('shout')."));
        Assert.That(() => runtime.Registry.Handle<IDisposable>().Invoke(static d => d), Throws.TypeOf<KeyNotFoundException>().With.Message.EqualTo(
            "No loaded plugin provides System.IDisposable. Import a plugin that registers it (context.Registry.Add<IDisposable>(...) in its Register())."));
    }

    [Test]
    public async Task All_ImportReloadAndUnload_RaiseChangedAndTheSetIsAlwaysCurrent()
    {
        await using var runtime = Runtime();
        using var greetings = runtime.Registry.All<IGreeting>();
        var changes = 0;
        greetings.Changed += (_, _) => changes++;

        runtime.Import(TypedBuilds.Name);
        var afterImport = (changes, greetings.Count, greetings.Invoke(static g => g.Greet("set")));
        TypedBuilds.Deploy(TypedBuilds.V2, _searchPath);
        await runtime.ReloadAsync(TypedBuilds.Name);
        var afterReload = (changes, greetings.Count, greetings.Invoke(static g => g.Greet("set")));
        await runtime.UnloadAsync(TypedBuilds.Name);

        Assert.That(afterImport, Is.EqualTo((1, 1, new[] { "v1: Hello, set" })));
        Assert.That(afterReload, Is.EqualTo((2, 1, new[] { "v2: Hello, set" })));
        Assert.That((changes, greetings.Count), Is.EqualTo((3, 0)));
        Assert.That(greetings.Handles, Is.Empty);
    }

    [Test]
    public async Task IsCurrent_RawImplementationKeptAcrossAReload_IsFalseAndTheLeakReportSaysWhatToLookFor()
    {
        await using var runtime = Runtime();
        runtime.Import(TypedBuilds.Name);
        var kept = runtime.Registry.Handle<IGreeting>().Invoke(static g => g);
        Assert.That(runtime.Registry.IsCurrent(kept), Is.True);

        TypedBuilds.Deploy(TypedBuilds.V2, _searchPath);
        var reload = await runtime.ReloadAsync(TypedBuilds.Name);

        Assert.That(runtime.Registry.IsCurrent(kept), Is.False, "a kept raw implementation is detectably stale");
        Assert.That(reload.Unload!.Collected, Is.False, "and it pins its generation");
        Assert.That(reload.Unload.LeakReport, Does.Contain("an implementation taken out of an ExtensionHandle or lease and kept (PluginRegistry.IsCurrent tells which)"));
        GC.KeepAlive(kept);
    }

    private PluginRuntime Runtime() => new TestRuntime().SearchPaths(_searchPath).SharedAssemblies(TypedBuilds.Contracts).Build();
}
