using PluginHost.Tests.Support;

namespace PluginHost.Tests.Cli;

[TestFixture]
public sealed class CliTests : ScratchFixture
{
    private static readonly string s_sample = Path.Combine(FixturePlugins.RepoRoot, "plugins-sample", "plugins.toml");

    [Test]
    public async Task Run_Sample_LoadsEveryPluginAndShowsWhatTheirCommandsDid()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("run", s_sample);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("Loaded 6 of 6 plugins"));
        Assert.That(output, Does.Match(@"Shouter\s+1\.0\.0\s+loaded\s+\d+\.\d ms\s+.*Shouter\.dll \(directory\)"));
        Assert.That(output, Does.Contain("-> Hello, PluginHost!"));
        Assert.That(output, Does.Contain("-> HELLO, PLUGINHOST!"));
        Assert.That(output, Does.Contain("-> Plugin host"), "Words ran Humanizer from its own folder");
        Assert.That(output, Does.Contain("-> two words"));
    }

    [Test]
    public async Task Run_InputOption_IsPassedToTheCommands()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("run", s_sample, "--input", "Ada");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("-> Hello, Ada!"));
    }

    [Test]
    public async Task Run_OnePluginThrows_OthersRunAndExitCodeIsOne()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting, FixturePlugins.Throwing);
        var config = Scratch.Write("host.toml", $"search_paths = [\"{searchPath}\"]\nplugins = [\"ThrowingPlugin\", \"CountingPlugin\"]\n");

        var (exitCode, output, error) = await CliRunner.RunAsync("run", config, "--quiet");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Loaded 1 of 2 plugins"));
        Assert.That(output, Does.Match(@"ThrowingPlugin\s+-\s+failed"));
        Assert.That(output, Does.Contain("counting.echo (CountingPlugin)"));
        Assert.That(error, Does.Contain("error: The plugin 'ThrowingPlugin' at '").And.Contain("the database is on fire"));
    }

    [TestCase("x = {0}\n", 1, 69)]
    [TestCase("search_paths = [\"a\\u0000b\"]\n", 1, 1)]
    public async Task Run_ConfigurationTheParserOnceThrewOn_ExitsTwoWithFileLineAndColumnAndNoStackTrace(string template, int line, int column)
    {
        var config = Scratch.Write("hostile.toml", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('[', 70) + new string(']', 70)));

        var (exitCode, output, error) = await CliRunner.RunAsync("run", config);

        Assert.That(exitCode, Is.EqualTo(2), error);
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain($"{config}:{line}:{column}: "));
        Assert.That(error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Run_MalformedConfiguration_ExitsTwoWithFileLineAndColumn()
    {
        var config = Scratch.Write("broken.toml", "plugins = [\n  \"A\"\n  \"B\"\n]\n");

        var (exitCode, output, error) = await CliRunner.RunAsync("run", config);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain($"{config}:3:3: This is not valid TOML"));
    }

    [Test]
    public async Task Run_Verbose_LogsEveryProbe()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("run", s_sample, "--verbose");

        Assert.That(exitCode, Is.Zero);
        Assert.That(error, Does.Contain("DBG] Finder directory probed").And.Contain("Shouter.dll"));
        Assert.That(error, Does.Match(@"Imported Shouter 1\.0\.0\S* generation 1 from .*Shouter\.dll via directory in \d+\.\d ms"));
    }

    [Test]
    public async Task Run_NoModeInTheConfiguration_RunsInProductionMode()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("run", s_sample, "--verbose");

        Assert.That(exitCode, Is.Zero);
        Assert.That(error, Does.Contain("Plugin runtime in production mode: plugins load into non-collectible contexts"));
        Assert.That(output, Does.Contain("Loaded 6 of 6 plugins"));
    }

    [Test]
    public async Task Run_ModeDevelopmentInTheConfiguration_RunsInDevelopmentMode()
    {
        var config = Scratch.Write("host.toml", "mode = \"development\"\nplugins = []\n");

        var (exitCode, _, error) = await CliRunner.RunAsync("run", config, "--verbose");

        Assert.That(exitCode, Is.Zero);
        Assert.That(error, Does.Contain("Plugin runtime in development mode: plugins load into collectible contexts"));
    }

    [Test]
    public async Task List_Sample_ShowsSearchPathFindersAndResolutionWithoutRegistering()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("list", s_sample);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("Search path, in order:"));
        Assert.That(output, Does.Contain($"1. {Path.Combine(FixturePlugins.RepoRoot, "plugins-sample", "bin")}  (from {s_sample}:6:1)"));
        Assert.That(output, Does.Contain("Finders, in order: directory"));
        Assert.That(output, Does.Match(@"Shouter -> .*Shouter\.dll  \[directory\]").And.Match(@"Greeter -> .*Greeter\.dll  \[path\]"));
        Assert.That(output, Does.Not.Contain("Hello"), "list must not run Register or any command");
    }

    [Test]
    public async Task List_MissingPlugin_ShowsEveryPlaceTriedAndExitsOne()
    {
        var config = Scratch.Write("host.toml", "search_paths = [\"nowhere\"]\nplugins = [\"Ghost\"]\n");

        var (exitCode, output, _) = await CliRunner.RunAsync("list", config);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Ghost -> NOT FOUND; tried:"));
        Assert.That(output, Does.Contain($"[directory] {Path.Combine(Scratch.Path, "nowhere")}: search path does not exist"));
        Assert.That(output, Does.Contain("[does not exist]"));
    }

    [TestCase("--help", "run", "watch")]
    [TestCase("run --help", "config", "--input")]
    [TestCase("list --help", "config", "without loading any plugin")]
    [TestCase("watch --help", "config", "hot-reload")]
    [TestCase("which --help", "name", "--config")]
    public async Task Help_EveryCommand_DescribesItself(string args, string first, string second)
    {
        var (exitCode, output, _) = await CliRunner.RunAsync(args.Split(' '));

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain(first).And.Contain(second).And.Contain("--verbose"));
    }

    [Test]
    public async Task UnknownCommand_ExitsTwo()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("explode");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("explode"));
    }
}
