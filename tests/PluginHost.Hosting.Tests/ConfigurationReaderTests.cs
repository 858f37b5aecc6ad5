using FixtureContracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PluginHost.Hosting.Tests.Support;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class ConfigurationReaderTests
{
    private const string TimeSpanAdvice = "Write it as hh:mm:ss[.fffffff], such as \"00:00:30\" or \"00:00:00.250\".";

    [Test]
    public async Task Start_EveryKindOfBadKeyAndValue_FailsListingEveryProblemWithItsKey()
    {
        using var root = new TempDirectory();
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:SerachPaths:0", "plugins"),
            ("PluginHost:ConfigurationFile:Path", "plugins.toml"),
            ("PluginHost:SearchPaths:0", string.Empty),
            ("PluginHost:HotReload", "maybe"),
            ("PluginHost:StartTimeout", "30s"),
            ("PluginHost:StopTimeout", "-00:00:01"),
            ("PluginHost:SharedAssemblies", "MyApp.Contracts"),
            ("PluginHost:Plugins:0", "../evil"),
            ("PluginHost:Plugins:1:Enabled", "false"),
            ("PluginHost:Plugins:2:Name", "Greeter"),
            ("PluginHost:Plugins:2:Colour", "red"),
            ("PluginHost:Plugins:3", "Greeter")));
        builder.AddPluginHost();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message.Split(Environment.NewLine), Is.EqualTo(new[]
        {
            "The PluginHost options are not valid (11 problems):",
            "  PluginHost:ConfigurationFile: This must be a single value, not a section with keys under it.",
            "  PluginHost:HotReload: 'maybe' is not a boolean. Write true or false.",
            "  PluginHost:Plugins:1: This plugin has no 'Name'. Add one, or write the plugin as its name alone.",
            "  PluginHost:Plugins:2:Colour: Unknown key 'Colour'. Expected one of: Name, Enabled, HotReload, Path, Version, Settings.",
            "  PluginHost:SerachPaths: Unknown key 'SerachPaths'. Expected one of: ConfigurationFile, SearchPaths, Plugins, SharedAssemblies, HotReload, HotReloadDebounce, HotReloadPolling, RegisterTimeout, StartTimeout, StopTimeout, DisposeTimeout.",
            "  PluginHost:SharedAssemblies: This must be a list of assembly names, one item per child key (:0, :1, ...), not a single value.",
            $"  PluginHost:StartTimeout: '30s' is not a time span. {TimeSpanAdvice}",
            $"  PluginHost:SearchPaths:0: The path is empty. Write a folder relative to the content root '{root.Path}', or remove the entry.",
            "  PluginHost:Plugins:0: '../evil' is not a valid plugin name: it contains a path separator; give the folder in search_paths instead. A plugin name is not a path; put the plugin's folder in SearchPaths instead.",
            "  PluginHost:Plugins:3: The plugin 'Greeter' is listed twice: here and at PluginHost:Plugins:2:Name. Remove one of the entries.",
            "  PluginHost:StopTimeout: -00:00:01 is not longer than zero. Write a positive time span as hh:mm:ss[.fffffff], such as \"00:00:30\" or \"00:00:00.250\".",
        }));
    }

    [Test]
    public async Task Start_KeysInAnyCaseAndAPluginWithSettings_AreRead()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.Lifecycle);
        var log = Path.Combine(root.Path, "lifecycle.log");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("pluginhost:searchpaths:0", "plugins"),
            ("PLUGINHOST:PLUGINS:0:NAME", Fixtures.Lifecycle),
            ("PluginHost:Plugins:0:settings:log", log)));
        builder.AddPluginHost();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { "register 1", "start 1" }));
        await host.StopAsync();
    }

    [Test]
    public async Task Start_PluginDisabledInConfiguration_IsNotImported()
    {
        using var root = new TempDirectory();
        Fixtures.CopyPlugin(Path.Combine(root.Path, "plugins"), Fixtures.TypedGreeter, "TypedGreeter.V1");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:SearchPaths:0", "plugins"),
            ("PluginHost:Plugins:0:Name", Fixtures.TypedGreeter),
            ("PluginHost:Plugins:0:Enabled", "false")));
        builder.AddPluginHost().AddExtension<IGreeting>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.That(host.Services.GetRequiredService<PluginRuntime>().Loaded, Is.Empty);
        Assert.That(host.Services.GetRequiredService<Registration.ExtensionSet<IGreeting>>().Count, Is.Zero);
        await host.StopAsync();
    }
}
