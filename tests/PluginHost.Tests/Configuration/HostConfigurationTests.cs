using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Configuration;

[TestFixture]
public sealed class HostConfigurationTests : ScratchFixture
{
    [Test]
    public void Load_ValidFile_ReadsPluginsInOrderWithOptions()
    {
        var file = Scratch.Write("conf/plugins.toml", """
            search_paths = ["plugins", "../shared"]
            plugins = [
              "Alpha",
              { name = "Beta", enabled = false },
              { name = "Gamma", settings = { greeting = "Hi", retries = 3, ratio = 0.5, loud = true } },
            ]
            """);

        var configuration = HostConfiguration.Load(file, environmentSearchPath: null);

        Assert.That(configuration.SourceFile, Is.EqualTo(file));
        Assert.That(configuration.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "Alpha", "Beta", "Gamma" }));
        Assert.That(configuration.Plugins.Select(p => p.Enabled), Is.EqualTo(new[] { true, false, true }));
        Assert.That(configuration.Plugins[2].Settings, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["greeting"] = "Hi",
            ["retries"] = "3",
            ["ratio"] = "0.5",
            ["loud"] = "true",
        }));
    }

    [Test]
    public void Load_RelativeSearchPaths_ResolveAgainstTheTomlFileNotTheWorkingDirectory()
    {
        var file = Scratch.Write("conf/plugins.toml", "search_paths = [\"plugins\", \"../shared\"]\n");

        var configuration = HostConfiguration.Load(file, environmentSearchPath: null);

        Assert.That(configuration.SearchPaths.Select(p => p.Path), Is.EqualTo(new[]
        {
            Path.Combine(Scratch.Path, "conf", "plugins"),
            Path.Combine(Scratch.Path, "shared"),
        }));
        Assert.That(configuration.SearchPaths[0].Source, Is.EqualTo($"{file}:1:1"));
    }

    [Test]
    public void Load_EnvironmentVariable_AddsSearchPathsFirstInItsOrder()
    {
        var file = Scratch.Write("plugins.toml", "search_paths = [\"local\"]\n");
        var environment = string.Join(Path.PathSeparator, "/opt/one", "/opt/two");

        var configuration = HostConfiguration.Load(file, environment);

        Assert.That(configuration.SearchPaths.Select(p => p.Path), Is.EqualTo(new[] { "/opt/one", "/opt/two", Path.Combine(Scratch.Path, "local") }));
        Assert.That(configuration.SearchPaths.Select(p => p.Source).Take(2), Has.All.EqualTo("PLUGINHOST_PATH"));
    }

    [Test]
    public void Load_RealEnvironmentVariable_IsRead()
    {
        var file = Scratch.Write("plugins.toml", "plugins = []\n");
        var previous = Environment.GetEnvironmentVariable(HostConfiguration.SearchPathVariable);
        Environment.SetEnvironmentVariable(HostConfiguration.SearchPathVariable, "/from/environment");
        try
        {
            var configuration = HostConfiguration.Load(file);

            Assert.That(configuration.SearchPaths.Select(p => p.Path), Is.EqualTo(new[] { "/from/environment" }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(HostConfiguration.SearchPathVariable, previous);
        }
    }

    [Test]
    public void Load_MalformedToml_NamesFileLineAndColumn()
    {
        var file = Scratch.Write("plugins.toml", "search_paths = [\"a\"]\nplugins = [\"A\",, \"B\"]\n");

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(file, null))!;

        Assert.That(error.Errors, Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(error.Errors[0].Location.Line, Is.EqualTo(2));
        Assert.That(error.Errors[0].Location.Column, Is.EqualTo(16));
        Assert.That(error.Message, Does.StartWith($"The configuration file '{file}' is not valid"));
        Assert.That(error.Message, Does.Contain($"{file}:2:16: This is not valid TOML: ").And.Contain("Fix the TOML syntax at this position."));
    }

    [Test]
    public void Load_DuplicateKey_IsAnErrorNotLastWins()
    {
        var file = Scratch.Write("plugins.toml", "plugins = [\"A\"]\nplugins = [\"B\"]\n");

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(file, null))!;

        Assert.That(error.Errors[0].Location.Line, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain("This is not valid TOML"));
    }

    [Test]
    public void Load_UnknownKeysAndWrongTypes_ReportsEveryProblemAtOnceWithItsPosition()
    {
        var file = Scratch.Write("plugins.toml", """
            search_path = ["typo"]
            plugins = [
              { name = "Alpha", enabld = true },
              { name = "Beta", enabled = "yes" },
              42,
            ]
            """);

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(file, null))!;

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            $"{file}:1:1: Unknown key 'search_path' in the top level. Expected one of: search_paths, source_paths, nuget_feeds, finders, plugins, hot_reload, shared_assemblies, timeouts, require_lock, mode, import_parallelism.",
            $"{file}:3:21: Unknown key 'enabld' in plugins[0]. Expected one of: name, enabled, hot_reload, settings, path, version.",
            $"{file}:4:20: 'plugins[1].enabled' must be true or false, but it is the string \"yes\".",
            $"{file}:2:1: 'plugins[2]' must be a plugin name string or a {{ name = \"...\" }} table, but it is the number 42.",
        }));
        Assert.That(error.Message, Does.Contain("(4 errors)"));
    }

    [TestCase("search_paths = \"plugins\"", "'search_paths' must be an array of folder paths, such as [\"plugins\"], but it is the string \"plugins\".")]
    [TestCase("search_paths = [\"\"]", "'search_paths[0]' must be a non-empty folder path string, but it is the string \"\".")]
    [TestCase("plugins = \"Alpha\"", "'plugins' must be an array of plugin names or { name = \"...\" } tables, but it is the string \"Alpha\".")]
    [TestCase("plugins = [{ enabled = true }]", "plugins[0] has no 'name'. Write it as { name = \"MyPlugin\" }.")]
    [TestCase("plugins = [{ name = 7 }]", "'plugins[0].name' must be a plugin name string, but it is the number 7.")]
    [TestCase("mode = \"fast\"", "'mode' must be \"development\" (reload, unload, watch) or \"production\" (ReadyToRun code, nothing unloads), but it is the string \"fast\".")]
    [TestCase("import_parallelism = 0", "'import_parallelism' must be a whole number of plugins imported at once, from 1 (one after another) to 1024, but it is the number 0.")]
    [TestCase("plugins = [\"A\", \"A\"]", "The plugin 'A' is listed twice in 'plugins'. Remove one of the entries.")]
    [TestCase("plugins = [\"../escape\"]", "'../escape' is not a valid plugin name: it contains a path separator; give the folder in search_paths instead. A plugin name is not a path.")]
    [TestCase("plugins = [{ name = \"A\", settings = \"x\" }]", "'plugins[0].settings' must be a table such as { greeting = \"Hello\" }, but it is the string \"x\".")]
    [TestCase("plugins = [{ name = \"A\", settings = { list = [1] } }]", "'plugins[0].settings.list' must be a string, number or boolean, but it is an array.")]
    public void Load_InvalidValue_SaysWhatWasExpected(string toml, string message)
    {
        var file = Scratch.Write("plugins.toml", toml + "\n");

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(file, null))!;

        Assert.That(error.Errors.Select(e => e.Message), Is.EqualTo(new[] { message }));
        Assert.That(error.Errors[0].Location.File, Is.EqualTo(file));
        Assert.That(error.Errors[0].Location.Line, Is.EqualTo(1));
    }

    [Test]
    public void Load_HotReloadTable_SetsWatcherOptionsAndPerPluginSwitch()
    {
        var file = Scratch.Write("plugins.toml", """
            plugins = [{ name = "A", hot_reload = false }, "B"]

            [hot_reload]
            enabled = true
            debounce_ms = 120
            polling = true
            poll_interval_ms = 40
            """);

        var configuration = HostConfiguration.Load(file, null);

        Assert.That(configuration.HotReload.Debounce, Is.EqualTo(TimeSpan.FromMilliseconds(120)));
        Assert.That(configuration.HotReload.UsePolling, Is.True);
        Assert.That(configuration.HotReload.PollInterval, Is.EqualTo(TimeSpan.FromMilliseconds(40)));
        Assert.That(configuration.Plugins.Select(p => p.HotReload), Is.EqualTo(new[] { false, true }));
        Assert.That(PluginRuntimeOptions.FromConfiguration(configuration).HotReload, Is.SameAs(configuration.HotReload));
    }

    [Test]
    public void Load_NoHotReloadTable_DefaultsToOnWithShortDebounce()
    {
        var configuration = HostConfiguration.Load(Scratch.Write("plugins.toml", "plugins = []\n"), null);

        Assert.That(configuration.HotReload.Enabled, Is.True);
        Assert.That(configuration.HotReload.Debounce, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        Assert.That(configuration.HotReload.UsePolling, Is.False);
    }

    [TestCase("[hot_reload]\ndebounce_ms = -5", "'hot_reload.debounce_ms' must be a whole number of milliseconds from 0 to 60000, but it is the number -5.", 2)]
    [TestCase("[hot_reload]\nenabled = \"no\"", "'hot_reload.enabled' must be true or false, but it is the string \"no\".", 2)]
    [TestCase("[hot_reload]\nwatch = true", "Unknown key 'watch' in [hot_reload]. Expected one of: enabled, debounce_ms, polling, poll_interval_ms.", 2)]
    [TestCase("hot_reload = 1", "'hot_reload' must be a table such as [hot_reload] with enabled = true, but it is the number 1.", 1)]
    [TestCase("plugins = [{ name = \"A\", hot_reload = 0 }]", "'plugins[0].hot_reload' must be true or false, but it is the number 0.", 1)]
    public void Load_InvalidHotReload_SaysWhatWasExpected(string toml, string message, int line)
    {
        var file = Scratch.Write("plugins.toml", toml + "\n");

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(file, null))!;

        Assert.That(error.Errors.Select(e => e.Message), Is.EqualTo(new[] { message }));
        Assert.That(error.Errors[0].Location.Line, Is.EqualTo(line));
    }

    [Test]
    public void Load_MissingFile_SaysItCannotBeRead()
    {
        var file = Path.Combine(Scratch.Path, "nope.toml");

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(file, null))!;

        Assert.That(error.File, Is.EqualTo(file));
        Assert.That(error.Message, Does.Contain("The configuration file cannot be read").And.Contain("Check the path given to the host."));
    }

    [Test]
    public void Load_EmptyFile_IsAnEmptyConfiguration()
    {
        var file = Scratch.Write("plugins.toml", "# nothing yet\n");

        var configuration = HostConfiguration.Load(file, null);

        Assert.That(configuration.Plugins, Is.Empty);
        Assert.That(configuration.SearchPaths, Is.Empty);
    }

    [Test]
    public void FromConfiguration_SamplePluginsToml_LoadsAndRunsEveryPlugin()
    {
        var configuration = HostConfiguration.Load(Path.Combine(FixturePlugins.RepoRoot, "plugins-sample", "plugins.toml"), null);
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(configuration));

        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => o.Status), Has.All.EqualTo(ImportStatus.Loaded));
        Assert.That(runtime.Registry.Invoke("greet", "tests"), Is.EqualTo("Hello, tests!"));
        Assert.That(runtime.Registry.Invoke("shout", "tests"), Is.EqualTo("HELLO, TESTS!"));
        Assert.That(runtime.Registry.Invoke("humanize", "PluginHostTests"), Is.EqualTo("Plugin host tests"), "Humanizer loaded from the Words plugin's own folder");
    }

    [Test]
    public void Load_ModeAndImportParallelism_ReachTheRuntimeOptions()
    {
        var file = Scratch.Write("plugins.toml", "mode = \"production\"\nimport_parallelism = 3\n[hot_reload]\nenabled = true\n");

        var options = PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(file, null));

        Assert.That(options.Mode, Is.EqualTo(RuntimeMode.Production), "an explicit mode wins over hot reload");
        Assert.That(options.ImportParallelism, Is.EqualTo(3));
    }

    [Test]
    public void Load_NoModeAndHotReloadDisabled_RunsInProductionWithAThreadPerProcessor()
    {
        var file = Scratch.Write("plugins.toml", "[hot_reload]\nenabled = false\n");

        var configuration = HostConfiguration.Load(file, null);
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(configuration));

        Assert.That(configuration.Mode, Is.Null);
        Assert.That(runtime.Mode, Is.EqualTo(RuntimeMode.Production));
        Assert.That(PluginRuntimeOptions.FromConfiguration(configuration).ImportParallelism, Is.EqualTo(Environment.ProcessorCount));
    }
}
