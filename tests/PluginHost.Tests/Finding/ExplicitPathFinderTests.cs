using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

[TestFixture]
public sealed class ExplicitPathFinderTests : ScratchFixture
{
    [Test]
    public void Find_EntryWithFolderPath_BypassesSearchPathAndFinderChain()
    {
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), Path.Combine(Scratch.Path, "bin", FixturePlugins.Counting));
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), Path.Combine(Scratch.Path, "pinned"));
        var toml = Scratch.Write("plugins.toml", """
            search_paths = ["bin"]
            plugins = [{ name = "CountingPlugin", path = "pinned" }]
            """);
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml)));
        var chain = new CountingFinder();
        runtime.Finders.AddFirst(chain);

        var found = runtime.Find(FixturePlugins.Counting);
        var plugin = runtime.Import(FixturePlugins.Counting);

        Assert.That(found.Spec!.Origin, Is.EqualTo(Path.Combine(Scratch.Path, "pinned", "CountingPlugin.dll")));
        Assert.That(found.Spec.Finder, Is.EqualTo("path"));
        Assert.That(found.Finders, Is.EqualTo(new[] { "path" }));
        Assert.That(chain.Calls, Is.Zero);
        Assert.That(plugin.Spec.Finder, Is.EqualTo("path"));
        Assert.That(runtime.Registry.Invoke("counting.echo", "x"), Is.EqualTo("x from pinned (1)"));
    }

    [Test]
    public void Import_EntryWithDllPath_LoadsThatFileUnderTheEntryName()
    {
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), Path.Combine(Scratch.Path, "lib"));
        var toml = Scratch.Write("conf/plugins.toml", """
            plugins = [{ name = "Counter", path = "../lib/CountingPlugin.dll" }]
            """);
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml)));

        var outcome = runtime.ImportAll().Single();

        Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Loaded));
        Assert.That(outcome.Plugin!.Origin, Is.EqualTo(Path.Combine(Scratch.Path, "lib", "CountingPlugin.dll")));
    }

    [Test]
    public void Import_PathThatDoesNotExist_FailsWithoutFallingBackToTheSearchPath()
    {
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), Path.Combine(Scratch.Path, "bin", FixturePlugins.Counting));
        var toml = Scratch.Write("plugins.toml", """
            search_paths = ["bin"]
            plugins = [{ name = "CountingPlugin", path = "gone/CountingPlugin.dll" }]
            """);
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml)));

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Counting))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotFound));
        Assert.That(error.Message, Does.Contain($"[path] {Path.Combine(Scratch.Path, "gone", "CountingPlugin.dll")}: no such file or folder (given as path)")
            .And.Contain("The configuration gives this plugin an explicit 'path', so the search path and the finder chain were not consulted.")
            .And.Contain("Fix the path (it is relative to the TOML file), or remove it to search the search path."));
        Assert.That(error.Probes, Has.Count.EqualTo(1));
    }

    [Test]
    public void Load_PathNotAString_ReportsFileLineAndColumn()
    {
        var toml = Scratch.Write("plugins.toml", """
            plugins = [
              { name = "A", path = 3 },
            ]
            """);

        var error = Assert.Throws<PluginConfigurationException>(() => HostConfiguration.Load(toml))!;

        Assert.That(error.Errors.Single().ToString(), Is.EqualTo(
            $"{toml}:2:17: 'plugins[0].path' must be the path of the plugin's .dll or of its folder, relative to this file, but it is the number 3."));
    }

    [Test]
    public async Task List_EntryWithPath_ShowsThePathFinder()
    {
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), Path.Combine(Scratch.Path, "pinned"));
        var toml = Scratch.Write("plugins.toml", """
            plugins = [{ name = "CountingPlugin", path = "pinned" }]
            """);

        var (exitCode, output, _) = await CliRunner.RunAsync("list", toml);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("CountingPlugin.dll  [path]"));
    }
}
