using FixtureContracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginHost.Hosting.Tests.Support;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class PluginHostApplicationBuilderExtensionsTests
{
    [Test]
    public async Task AddPluginHost_PluginsFromConfiguration_TheAppsServiceGreetsThroughThemWhenItStarts()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.TypedGreeter, "TypedGreeter.V1");
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0", Fixtures.TypedGreeter)));
        builder.AddPluginHost().AddExtension<IGreeting>();
        builder.Services.AddSingleton<GreetingWorker>().AddHostedService(s => s.GetRequiredService<GreetingWorker>());
        using var host = builder.Build();

        await host.StartAsync();
        var worker = host.Services.GetRequiredService<GreetingWorker>();

        // The plugins were imported before the app's own service started.
        Assert.That(worker.AtStart, Is.EqualTo(new[] { "v1: Hello, worker" }));
        Assert.That(worker.First.Invoke(static g => g.Greet("handle")), Is.EqualTo("v1: Hello, handle"));
        Assert.That(logs.Entries.Select(e => e.Message), Has.Member("Imported 1 of 1 configured plugins"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddPluginHost_TomlConfigurationFile_IsReadRelativeToTheContentRoot()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.TypedGreeter, "TypedGreeter.V1");
        File.WriteAllText(Path.Combine(root.Path, "plugins.toml"), "search_paths = [\"plugins\"]\nplugins = [\"TypedGreeter\"]\n");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(("PluginHost:ConfigurationFile", "plugins.toml")));
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<Registration.ExtensionHandle<IGreeting>>().Invoke(static g => g.Greet("toml")), Is.EqualTo("v1: Hello, toml"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddPluginHost_APluginFailsToImport_TheHostStartsWithTheOthersAndLogsTheFailure()
    {
        using var root = new TempDirectory();
        var plugins = Path.Combine(root.Path, "plugins");
        Fixtures.CopyPlugin(plugins, Fixtures.Throwing);
        Fixtures.CopyPlugin(plugins, Fixtures.TypedGreeter, "TypedGreeter.V1");
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0", Fixtures.Throwing),
            ("PluginHost:Plugins:1", Fixtures.TypedGreeter)));
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<Registration.ExtensionSet<IGreeting>>().Invoke(static g => g.Greet("still")), Is.EqualTo(new[] { "v1: Hello, still" }));
        var failure = logs.Entries.Single(e => e is { Level: LogLevel.Error, Category: "PluginHost.PluginRuntime" } && Equals(e.State.GetValueOrDefault("Plugin"), Fixtures.Throwing)
            && e.Message.StartsWith("Plugin ThrowingPlugin threw in Register", StringComparison.Ordinal));
        Assert.That(failure.Exception?.Message, Does.Contain("the database is on fire"));
        Assert.That(logs.Entries.Single(e => e.Category == "PluginHost.Hosting.PluginHostService" && e.Level == LogLevel.Warning).Message,
            Is.EqualTo("Imported 1 of 2 configured plugins; the host goes on without the 1 that failed: ThrowingPlugin"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddPluginHost_PluginResolvesHostServices_GetsTheAppsLoggerAndContractService()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.HostServices);
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0", Fixtures.HostServices)));
        builder.Services.AddSingleton<IHostInfo>(new TestHostInfo("TestApp"));
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<Registration.ExtensionHandle<IGreeting>>().Invoke(static g => g.Greet("you")), Is.EqualTo("TestApp greets you"));
        var registering = logs.Entries.Single(e => e.Category == "HostServicesPlugin.HostServicesPlugin");
        Assert.That(registering.Message, Is.EqualTo("Registering for TestApp"));
        Assert.That(registering.State["HostName"], Is.EqualTo("TestApp"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddPluginHost_CalledTwice_ReadsTheConfigurationOnceAndAppliesBothCallbacks()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.TypedGreeter, "TypedGreeter.V1");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(("PluginHost:Plugins:0", Fixtures.TypedGreeter)));
        builder.AddPluginHost(o => o.SearchPaths.Add("plugins")).AddExtension<IGreeting>();
        builder.AddPluginHost(o => o.StartTimeout = TimeSpan.FromSeconds(5)).AddExtension<IGreeting>();
        using var host = builder.Build();

        // Read twice, the plugin would be listed twice, and the start would fail saying so.
        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<Registration.ExtensionSet<IGreeting>>().Count, Is.EqualTo(1));
        Assert.That(host.Services.GetServices<IHostedService>().OfType<PluginHostService>().Count(), Is.EqualTo(1));
        await host.StopAsync();
    }
}
