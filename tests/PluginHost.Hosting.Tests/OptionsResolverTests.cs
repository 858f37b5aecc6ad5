using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PluginHost.Configuration;
using PluginHost.Hosting.Tests.Support;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class OptionsResolverTests
{
    private static readonly object[] s_hotReloadCases =
    [
        new object?[] { Environments.Development, null, false, "on: the environment is Development; set PluginHost:HotReload to false to turn it off" },
        new object?[] { Environments.Production, null, false, "off: the environment is Production, not Development; set PluginHost:HotReload to true to turn it on" },
        new object?[] { Environments.Staging, "true", false, "on: PluginHost:HotReload is true" },
        new object?[] { Environments.Development, "false", false, "off: PluginHost:HotReload is false" },
        new object?[] { Environments.Development, null, true, "off: {file} says [hot_reload] enabled = false" },
    ];

    [Test]
    public void Resolve_EveryKey_ReachesTheRuntimesOptionsOverTheTomlFile()
    {
        using var root = new TempDirectory();
        File.WriteAllText(Path.Combine(root.Path, "plugins.toml"),
            "search_paths = [\"from-toml\"]\nshared_assemblies = [\"Toml.Contracts\"]\nplugins = [\"FromToml\"]\n[timeouts]\nregister_ms = 1000\nstart_ms = 2000\n[hot_reload]\ndebounce_ms = 75\n");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:ConfigurationFile", "plugins.toml"),
            ("PluginHost:SearchPaths:0", "from-keys"),
            ("PluginHost:SharedAssemblies:0", "Keys.Contracts"),
            ("PluginHost:Plugins:0:Name", "FromKeys"),
            ("PluginHost:Plugins:0:Enabled", "false"),
            ("PluginHost:Plugins:0:HotReload", "false"),
            ("PluginHost:Plugins:0:Path", "bin/FromKeys"),
            ("PluginHost:Plugins:0:Version", "[1.0,2.0)"),
            ("PluginHost:Plugins:0:Settings:colour", "red"),
            ("PluginHost:HotReload", "true"),
            ("PluginHost:HotReloadPolling", "true"),
            ("PluginHost:HotReloadDebounce", "00:00:00.200"),
            ("PluginHost:StartTimeout", "00:00:05"),
            ("PluginHost:StopTimeout", "00:00:06"),
            ("PluginHost:DisposeTimeout", "00:00:07")));
        builder.AddPluginHost();
        using var host = builder.Build();

        var runtime = host.Services.GetRequiredService<IOptions<PluginHostOptions>>().Value.Resolved!.Runtime;

        Assert.That(runtime.SearchPaths.TakeLast(2), Is.EqualTo(new[] { Path.Combine(root.Path, "from-toml"), Path.Combine(root.Path, "from-keys") }));
        Assert.That(runtime.SharedAssemblies, Is.EqualTo(new[] { "Toml.Contracts", "Keys.Contracts" }));
        Assert.That(runtime.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "FromToml", "FromKeys" }));
        var fromKeys = runtime.Plugins[1];
        Assert.That((fromKeys.Enabled, fromKeys.HotReload, fromKeys.Path, fromKeys.Version), Is.EqualTo((false, false, Path.Combine(root.Path, "bin", "FromKeys"), "[1.0,2.0)")));
        Assert.That(fromKeys.Settings, Is.EquivalentTo(new Dictionary<string, string> { ["colour"] = "red" }));
        Assert.That(runtime.HotReload, Is.EqualTo(new HotReloadOptions { Enabled = true, UsePolling = true, Debounce = TimeSpan.FromMilliseconds(200) }));
        Assert.That(runtime.Timeouts, Is.EqualTo(new PluginTimeouts
        {
            Register = TimeSpan.FromSeconds(1),
            Start = TimeSpan.FromSeconds(5),
            Stop = TimeSpan.FromSeconds(6),
            Dispose = TimeSpan.FromSeconds(7),
        }));

        // The keys add plugins and search paths to the file's: an edit of the file alone would drop them, so the runtime is not told of it.
        Assert.That(runtime.ConfigurationFile, Is.Null);
    }

    [Test]
    public async Task Start_ValuesSetInCode_FailsNamingEachProperty()
    {
        using var root = new TempDirectory();
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(("PluginHost:StartTimeout", "00:00:05")));
        builder.AddPluginHost(o =>
        {
            o.SearchPaths.Add(" ");
            o.SearchPaths.Add("plugins\0");
            o.Plugins.Add(new PluginEntry { Name = "a b" });
            o.SharedAssemblies.Add("lib/MyApp.Contracts.dll");
            o.HotReloadDebounce = TimeSpan.FromMilliseconds(-1);
            o.StartTimeout = TimeSpan.Zero;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        // StartTimeout came from configuration, then code changed it: the property is named, not the key.
        Assert.That(error!.Message.Split(Environment.NewLine), Is.EqualTo(new[]
        {
            "The PluginHost options are not valid (6 problems):",
            $"  PluginHostOptions.SearchPaths[0]: The path is empty. Write a folder relative to the content root '{root.Path}', or remove the entry.",
            "  PluginHostOptions.SearchPaths[1]: 'plugins\\u0000' is not a valid path: Null character in path. Write a folder path relative to the content root.",
            "  PluginHostOptions.Plugins[0].Name: 'a b' is not a valid plugin name: it contains the character U+0020; only letters and digits (of any script), '.', '_' and '-' are allowed. A plugin name is not a path; put the plugin's folder in SearchPaths instead.",
            "  PluginHostOptions.SharedAssemblies[0]: 'lib/MyApp.Contracts.dll' is not a simple assembly name such as \"MyApp.Contracts\" (no path, no version, no '.dll').",
            "  PluginHostOptions.StartTimeout: 00:00:00 is not longer than zero. Write a positive time span as hh:mm:ss[.fffffff], such as \"00:00:30\" or \"00:00:00.250\".",
            "  PluginHostOptions.HotReloadDebounce: -00:00:00.0010000 is negative. Write zero or a positive time span as hh:mm:ss[.fffffff], such as \"00:00:30\" or \"00:00:00.250\".",
        }));
    }

    [Test]
    public async Task Start_InvalidTomlFileAndInvalidKeys_FailsListingTheFilesErrorsWithLineAndColumnAndTheKeys()
    {
        using var root = new TempDirectory();
        var toml = Path.Combine(root.Path, "plugins.toml");
        File.WriteAllText(toml, "plugins = [3]\ncolour = \"red\"\n");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:ConfigurationFile", "plugins.toml"),
            ("PluginHost:HotReload", "yes")));
        builder.AddPluginHost();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message.Split(Environment.NewLine), Is.EqualTo(new[]
        {
            "The PluginHost options are not valid (3 problems):",
            "  PluginHost:HotReload: 'yes' is not a boolean. Write true or false.",
            $"  {toml}:1:1: 'plugins[0]' must be a plugin name string or a {{ name = \"...\" }} table, but it is the number 3.",
            $"  {toml}:2:1: Unknown key 'colour' in the top level. Expected one of: search_paths, source_paths, nuget_feeds, finders, plugins, hot_reload, shared_assemblies, timeouts, require_lock, mode, import_parallelism.",
        }));
    }

    [Test]
    public async Task Start_MissingTomlFile_NamesTheKeyAndTheFullPath()
    {
        using var root = new TempDirectory();
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(("PluginHost:ConfigurationFile", "conf/missing.toml")));
        builder.AddPluginHost();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Is.EqualTo(
            "The PluginHost options are not valid (1 problem):" + Environment.NewLine
            + $"  PluginHost:ConfigurationFile: The TOML file '{Path.Combine(root.Path, "conf", "missing.toml")}' does not exist (ConfigurationFile is relative to the content root '{root.Path}'). Create it, or correct the path."));
    }

    [Test]
    public async Task Start_PluginListedInTheTomlFileAndInConfiguration_NamesBothPlaces()
    {
        using var root = new TempDirectory();
        var toml = Path.Combine(root.Path, "plugins.toml");
        File.WriteAllText(toml, "plugins = [\"Greeter\"]\n");
        var builder = TestHosts.Builder(root.Path, new CollectingLoggerProvider(), TestHosts.Keys(
            ("PluginHost:ConfigurationFile", "plugins.toml"),
            ("PluginHost:Plugins:0", "Greeter")));
        builder.AddPluginHost();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message.Split(Environment.NewLine)[1],
            Is.EqualTo($"  PluginHost:Plugins:0: The plugin 'Greeter' is listed twice: here and at {toml}:1:1. Remove one of the entries."));
    }

    [TestCaseSource(nameof(s_hotReloadCases))]
    public async Task Start_HotReloadDefault_FollowsTheEnvironmentUnlessConfigured(string environment, string? hotReloadKey, bool tomlDisablesIt, string expected)
    {
        using var root = new TempDirectory();
        var toml = Path.Combine(root.Path, "plugins.toml");
        File.WriteAllText(toml, tomlDisablesIt ? "[hot_reload]\nenabled = false\n" : string.Empty);
        var logs = new CollectingLoggerProvider();
        var builder = TestHosts.Builder(root.Path, logs, TestHosts.Keys(("PluginHost:ConfigurationFile", "plugins.toml"), ("PluginHost:HotReload", hotReloadKey)), environment);
        builder.AddPluginHost();
        using var host = builder.Build();

        await host.StartAsync();

        var decision = logs.Entries.Single(e => e.Category == "PluginHost.Hosting.PluginHostService" && e.Message.StartsWith("Hot reload is ", StringComparison.Ordinal));
        Assert.That(decision.Message, Is.EqualTo("Hot reload is " + expected.Replace("{file}", toml, StringComparison.Ordinal)));
        Assert.That(decision.Level, Is.EqualTo(LogLevel.Information));
        await host.StopAsync();
    }
}
