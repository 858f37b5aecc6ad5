using FixtureContracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginHost.Hosting.Tests.Support;
using PluginHost.Registration;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class PluginHostServiceTests
{
    [Test]
    public async Task Stop_EveryPluginStopsDisposesAndIsCollected()
    {
        using var root = new TempDirectory();
        var plugins = Path.Combine(root.Path, "plugins");
        Fixtures.CopyPlugin(plugins, Fixtures.Lifecycle);
        Fixtures.CopyPlugin(plugins, Fixtures.HostServices);
        var log = Path.Combine(root.Path, "lifecycle.log");
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0:Name", Fixtures.Lifecycle),
            ("PluginHost:Plugins:0:Settings:log", log),
            ("PluginHost:Plugins:1", Fixtures.HostServices),
            ("PluginHost:HotReload", "true"))); // development mode: collectible contexts, so unloading is verified
        builder.Services.AddSingleton<IHostInfo>(new TestHostInfo("TestApp"));
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();
        await host.StartAsync();
        var runtime = host.Services.GetRequiredService<PluginRuntime>();
        var lifecycle = Unloading.ContextOf(runtime, Fixtures.Lifecycle);

        // HostServicesPlugin resolved ILogger<HostServicesPlugin> from the app: that must not pin it either.
        var hostServices = Unloading.ContextOf(runtime, Fixtures.HostServices);

        await host.StopAsync();

        Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { "register 1", "start 1", "stop 1", "dispose 1" }));
        Assert.That(runtime.Loaded, Is.Empty);
        Assert.That(Unloading.IsCollected(lifecycle), Is.True, "LifecyclePlugin's load context is still alive");
        Assert.That(Unloading.IsCollected(hostServices), Is.True, "HostServicesPlugin's load context is still alive");
        Assert.That(logs.Entries.Select(e => e.Message), Has.Member("Unloaded 2 plugins"));
    }

    [Test]
    public async Task Stop_APluginLeaksThroughAHostService_TheLeakWarningReachesTheAppsLoggerWithPluginAndGeneration()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.HostServices);
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0:Name", Fixtures.HostServices),
            ("PluginHost:Plugins:0:Settings:leak", "true"),
            ("PluginHost:HotReload", "true"))); // development mode: collectible contexts, so unloading is verified
        var hostInfo = new TestHostInfo("TestApp");
        builder.Services.AddSingleton<IHostInfo>(hostInfo);
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();
        await host.StartAsync();

        await host.StopAsync();

        // The app's IHostInfo holds the plugin's handler: its generation cannot be collected, and the app hears of it.
        Assert.That(hostInfo.HasSubscribers, Is.True);
        var leak = logs.Entries.Single(e => e.Level == LogLevel.Warning && e.Category == "PluginHost.PluginRuntime");
        Assert.That(leak.Message, Does.StartWith("Load context of HostServicesPlugin generation 1 is still alive after 12 GC passes: "));
        Assert.That(leak.State["Plugin"], Is.EqualTo(Fixtures.HostServices));
        Assert.That(leak.State["Generation"], Is.EqualTo(1));
        Assert.That(leak.State["GcPasses"], Is.EqualTo(12));
        Assert.That(leak.State["LeakReport"], Is.TypeOf<string>().And.Contains("HostServicesPlugin"));
        Assert.That(leak.State["{OriginalFormat}"], Is.EqualTo("Load context of {Plugin} generation {Generation} is still alive after {GcPasses} GC passes: {LeakReport}"));
        Assert.That(leak.Scopes, Has.Count.EqualTo(1));
        Assert.That(leak.Scopes[0], Is.EquivalentTo(new Dictionary<string, object?> { ["Plugin"] = Fixtures.HostServices, ["Generation"] = 1 }));
    }

    [Test]
    public async Task Stop_TheShutdownTimeRunsOut_StopsWaitingForAHungPluginAndNamesIt()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.Lifecycle);
        var log = Path.Combine(root.Path, "lifecycle.log");
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0:Name", Fixtures.Lifecycle),
            ("PluginHost:Plugins:0:Settings:log", log),
            ("PluginHost:Plugins:0:Settings:hang", "stop"),
            ("PluginHost:StopTimeout", "00:10:00")));
        builder.AddPluginHost();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // A shutdown whose time is already up: waiting for the hung StopAsync (10 minutes allowed) would hang the test.
            await host.StopAsync(new CancellationToken(canceled: true));

            var warning = logs.Entries.Single(e => e.Level == LogLevel.Warning && e.Category == "PluginHost.Hosting.PluginHostService");
            Assert.That(warning.Message, Is.EqualTo(
                "The host's shutdown time ran out before the plugins were unloaded (loaded at shutdown: LifecyclePlugin); the host stops without waiting for them. "
                + "Give it more time (HostOptions.ShutdownTimeout), or the plugins less (PluginHost:StopTimeout, PluginHost:DisposeTimeout)"));
        }
        finally
        {
            // Lets the abandoned StopAsync return, so nothing of this test keeps running.
            File.WriteAllText(Path.Combine(root.Path, "release"), string.Empty);
        }
    }

    [Test]
    public async Task Start_DevelopmentWithATomlFileOnly_AnEditOfTheFileIsAppliedWhileRunning()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.TypedGreeter, "TypedGreeter.V1");
        var toml = Path.Combine(root.Path, "plugins.toml");
        File.WriteAllText(toml, "search_paths = [\"plugins\"]\nplugins = []\n");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(("PluginHost:ConfigurationFile", "plugins.toml")), Environments.Development);
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();
        await host.StartAsync();
        var greetings = host.Services.GetRequiredService<ExtensionSet<IGreeting>>();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        greetings.Changed += (_, _) => changed.TrySetResult();

        File.WriteAllText(toml, "search_paths = [\"plugins\"]\nplugins = [\"TypedGreeter\"]\n");
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(greetings.Invoke(static g => g.Greet("edit")), Is.EqualTo(new[] { "v1: Hello, edit" }));
        await host.StopAsync();
    }

    [Test]
    public async Task Start_DevelopmentWithKeysAddingToTheTomlFile_SaysEditsOfTheFileApplyAtTheNextStart()
    {
        using var root = new TempDirectory();
        var toml = Path.Combine(root.Path, "plugins.toml");
        File.WriteAllText(toml, "plugins = []\n");
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:ConfigurationFile", "plugins.toml"),
            ("PluginHost:SearchPaths:0", "plugins")), Environments.Development);
        builder.AddPluginHost();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(logs.Entries.Select(e => e.Message), Has.Member(
            $"Edits of {toml} take effect at the next start, not while running: PluginHost:Plugins or PluginHost:SearchPaths add to its lists, and the file alone would drop what they added"));
        await host.StopAsync();
    }

    [Test]
    public async Task Start_Development_ARebuiltPluginIsReloadedAndTheInjectedSetFollows()
    {
        using var root = new TempDirectory();
        var plugins = Path.Combine(root.Path, "plugins");
        Fixtures.CopyPlugin(plugins, Fixtures.TypedGreeter, "TypedGreeter.V1");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0", Fixtures.TypedGreeter)), Environments.Development);
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();
        await host.StartAsync();
        var greetings = host.Services.GetRequiredService<ExtensionSet<IGreeting>>();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        greetings.Changed += (_, _) => changed.TrySetResult();
        Assert.That(greetings.Invoke(static g => g.Greet("you")), Is.EqualTo(new[] { "v1: Hello, you" }));

        // A rebuild: the second build's files over the first's.
        Fixtures.CopyPlugin(plugins, Fixtures.TypedGreeter, "TypedGreeter.V2");
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(greetings.Invoke(static g => g.Greet("you")), Is.EqualTo(new[] { "v2: Hello, you" }));
        Assert.That(host.Services.GetRequiredService<ExtensionHandle<IGreeting>>().Generation, Is.EqualTo(2));
        await host.StopAsync();
    }
}
