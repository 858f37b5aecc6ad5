using PluginHost.Tests.Support;

namespace PluginHost.Tests.Cli;

[TestFixture]
public sealed class ResolutionCliTests : ScratchFixture
{
    [Test]
    public async Task Which_ShadowedPluginWithManifest_ShowsOriginManifestRequiresAndShadows()
    {
        var config = TwoSearchPaths();

        var (exitCode, output, error) = await CliRunner.RunAsync("which", "App", "--config", config, "--quiet");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Match(@"App -> .*first.App.ManifestPlugin\.dll  \[directory, loader assembly-file\]"));
        Assert.That(output, Does.Contain("version:     3.0.0"));
        Assert.That(output, Does.Contain("requires:    Greeter >= 1.2, < 2"));
        Assert.That(output, Does.Match(@"shadows:     .*second.App.ManifestPlugin\.dll  \[directory\]"));
        Assert.That(output, Does.Not.Contain("places probed"), "the trace needs -v");
    }

    [Test]
    public async Task Which_Verbose_PrintsEveryFinderAndProbe()
    {
        var config = TwoSearchPaths();

        var (exitCode, output, _) = await CliRunner.RunAsync("which", "App", "--config", config, "-v");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("finders consulted, in order: directory"));
        Assert.That(output, Does.Contain($"[directory] {Path.Combine(Scratch.Path, "first", "App", "App.dll")}: no such file"));
        Assert.That(output, Does.Contain($"[directory] {Path.Combine(Scratch.Path, "first", "App", "ManifestPlugin.dll")}: found (entry in plugin.toml)"));
    }

    [Test]
    public async Task Which_UnknownName_ExitsOneWithEveryPlaceTried()
    {
        var config = TwoSearchPaths();

        var (exitCode, output, _) = await CliRunner.RunAsync("which", "Ghost", "--config", config, "--quiet");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Ghost -> NOT FOUND"));
        Assert.That(output, Does.Contain($"{Path.Combine(Scratch.Path, "second", "Ghost.dll")}: no such file"));
    }

    [Test]
    public async Task List_Requires_ShowsDependencyOrderAndCycles()
    {
        var config = TwoSearchPaths("\"App\", \"Greeter\", \"Loop\"");
        FixturePlugins.AddManifestPlugin(Path.Combine(Scratch.Path, "first"), "Loop", "requires = [\"Loop2\"]");
        FixturePlugins.AddManifestPlugin(Path.Combine(Scratch.Path, "first"), "Loop2", "requires = [\"Loop\"]");

        var (exitCode, output, _) = await CliRunner.RunAsync("list", config, "--quiet");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output.IndexOf("  Greeter -> ", StringComparison.Ordinal), Is.LessThan(output.IndexOf("  App -> ", StringComparison.Ordinal)));
        Assert.That(output, Does.Contain("      requires: Greeter >= 1.2, < 2"));
        Assert.That(output, Does.Contain("  Loop2 -> ").And.Contain("(required, not listed)"));
        Assert.That(output, Does.Contain("CYCLE: Loop -> Loop2 -> Loop (none of these can load)"));
    }

    [Test]
    public async Task Run_Timings_PrintsPhasesSlowestFirst()
    {
        var config = TwoSearchPaths();

        var (exitCode, output, error) = await CliRunner.RunAsync("run", config, "--timings", "--quiet");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("Import times, slowest first"));
        Assert.That(output, Does.Match(@"PLUGIN\s+SELF\s+TOTAL\s+FIND\s+REQUIRES\s+LOAD CONTEXT\s+LOAD ASSEMBLY\s+REGISTER"));
        var selfTimes = output[output.IndexOf("Import times", StringComparison.Ordinal)..]
            .Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^  (App|Greeter)\s+(\d+\.\d) ms"))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.That(selfTimes, Has.Count.EqualTo(2));
        Assert.That(selfTimes, Is.Ordered.Descending);
    }

    private string TwoSearchPaths(string plugins = "\"App\"")
    {
        var first = Path.Combine(Scratch.Path, "first");
        var second = Path.Combine(Scratch.Path, "second");
        FixturePlugins.AddManifestPlugin(first, "App", "version = \"3.0.0\"\nrequires = [\"Greeter >= 1.2, < 2\"]");
        FixturePlugins.AddManifestPlugin(second, "App", "version = \"9.0.0\"");
        FixturePlugins.AddManifestPlugin(second, "Greeter", "version = \"1.5.0\"");
        return Scratch.Write("host.toml", $"search_paths = [\"first\", \"second\"]\nplugins = [{plugins}]\n");
    }
}
