using PluginHost.Configuration;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Reloading;

/// <summary>An edited configuration applied to a running runtime (<see cref="PluginRuntime.ApplyConfigurationAsync"/>).</summary>
[TestFixture]
public sealed class ConfigurationApplierTests : ScratchFixture
{
    private string _plugins = null!;

    [SetUp]
    public void DeployPlugins()
    {
        _plugins = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, _plugins);
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("CountingPlugin"), Path.Combine(_plugins, "CountingPlugin"));
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("DependentPlugin"), Path.Combine(_plugins, "DependentPlugin"));
    }

    [Test]
    public async Task ApplyConfigurationAsync_PluginAdded_ImportsItAndRaisesReloadedFromGenerationZero()
    {
        await using var runtime = Start("plugins = [\"Versioned\"]");
        var reloaded = new List<ReloadResult>();
        runtime.Reloaded += (_, r) => reloaded.Add(r);

        var result = await runtime.ApplyConfigurationAsync(Edit("plugins = [\"Versioned\", \"CountingPlugin\"]"));

        Assert.That(result.Succeeded, Is.True, string.Join(", ", result.Imported.Select(i => i.Error?.Message)));
        Assert.That(result.Imported.Select(r => (r.Name, r.OldGeneration, r.NewGeneration)), Is.EqualTo(new[] { ("CountingPlugin", 0, (int?)1) }));
        Assert.That(result.Unloaded, Is.Empty);
        Assert.That(result.Reloaded, Is.Empty);
        Assert.That(reloaded.Select(r => r.Name), Is.EqualTo(new[] { "CountingPlugin" }));
        Assert.That(runtime.Registry.Invoke("counting.echo", "hi"), Does.StartWith("hi from CountingPlugin"));
    }

    [Test]
    public async Task ApplyConfigurationAsync_PluginRemoved_UnloadsItVerifiedAndKeepsTheOthers()
    {
        await using var runtime = Start("plugins = [\"Versioned\", \"CountingPlugin\"]");
        runtime.TryGetLoaded("Versioned", out var versioned);

        var result = await runtime.ApplyConfigurationAsync(Edit("plugins = [\"Versioned\"]"));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Unloaded.Select(u => (u.Name, u.Generation, u.Collected)), Is.EqualTo(new[] { ("CountingPlugin", 1, true) }));
        Assert.That(runtime.TryGetLoaded("CountingPlugin", out _), Is.False);
        Assert.That(runtime.TryGetLoaded("Versioned", out var still) && ReferenceEquals(still, versioned), Is.True, "an untouched plugin is the very same generation");
    }

    [Test]
    public async Task ApplyConfigurationAsync_PluginDisabled_UnloadsIt()
    {
        await using var runtime = Start("plugins = [\"Versioned\", \"CountingPlugin\"]");

        var result = await runtime.ApplyConfigurationAsync(Edit("plugins = [\"Versioned\", { name = \"CountingPlugin\", enabled = false }]"));

        Assert.That(result.Unloaded.Select(u => u.Name), Is.EqualTo(new[] { "CountingPlugin" }));
        Assert.That(runtime.TryGetLoaded("CountingPlugin", out _), Is.False);
    }

    [Test]
    public async Task ApplyConfigurationAsync_SettingsChanged_ReloadsThePluginWithTheNewSettings()
    {
        var before = Path.Combine(Scratch.Path, "before.txt");
        var after = Path.Combine(Scratch.Path, "after.txt");
        var runtime = Start($"plugins = [{{ name = \"Versioned\", settings = {{ dispose_marker = '{before}' }} }}]");

        var result = await runtime.ApplyConfigurationAsync(Edit($"plugins = [{{ name = \"Versioned\", settings = {{ dispose_marker = '{after}' }} }}]"));
        await runtime.DisposeAsync();

        Assert.That(result.Reloaded.Select(r => (r.Name, r.OldGeneration, r.NewGeneration, r.Succeeded)), Is.EqualTo(new[] { ("Versioned", 1, (int?)2, true) }));
        Assert.That(File.ReadAllText(before), Is.EqualTo("disposed v1\n"), "generation 1 ran with the old settings");
        Assert.That(File.ReadAllText(after), Is.EqualTo("disposed v1\n"), "generation 2 ran with the new settings");
    }

    [Test]
    public async Task ApplyConfigurationAsync_SearchPathMovesAPlugin_ReloadsItFromTheNewFolder()
    {
        var other = Directory.CreateDirectory(Path.Combine(Scratch.Path, "other")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V2, other);
        await using var runtime = Start("plugins = [\"Versioned\", \"CountingPlugin\"]");

        var result = await runtime.ApplyConfigurationAsync(Edit("plugins = [\"Versioned\", \"CountingPlugin\"]", "[\"other\", \"plugins\"]"));

        Assert.That(result.Reloaded.Select(r => r.Name), Is.EqualTo(new[] { "Versioned" }), "only the plugin the new search path resolves elsewhere");
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v2"));
        Assert.That(runtime.SearchPaths, Is.EqualTo(new[] { other, _plugins }));
    }

    [Test]
    public async Task ApplyConfigurationAsync_RemovesAPluginAnotherStillImports_RejectsTheWholeEdit()
    {
        await using var runtime = Start("plugins = [\"CountingPlugin\", \"DependentPlugin\", \"Versioned\"]");
        var loaded = runtime.Loaded.OrderBy(p => p.Name).ToList();

        var edited = Edit("plugins = [\n  \"Versioned\",\n  \"DependentPlugin\",\n  \"Extra\",\n]");
        var result = await runtime.ApplyConfigurationAsync(edited);

        Assert.That(result.Error, Is.Not.Null);
        Assert.That(result.Error!.Message, Does.Contain($"{edited.SourceFile}:2:1: The plugin 'CountingPlugin' was removed from the list (or disabled), but 'DependentPlugin' still imports it, "
            + "so nothing of this edit was applied. Remove or disable that plugin in the same edit, or keep 'CountingPlugin'."));
        Assert.That(result.Unloaded, Is.Empty);
        Assert.That(result.Imported, Is.Empty, "the plugin the edit added was not imported either");
        Assert.That(runtime.Loaded.OrderBy(p => p.Name), Is.EqualTo(loaded), "every running generation is the very same object");
        Assert.That(runtime.Registry.Invoke("dependent.echo", "x"), Does.StartWith("dependent sees: x from CountingPlugin"));
    }

    [Test]
    public async Task ApplyConfigurationAsync_KeyOnlyAStartReads_IsReportedAsNeedingARestart()
    {
        await using var runtime = Start("plugins = [\"Versioned\"]");

        var result = await runtime.ApplyConfigurationAsync(Edit("plugins = [\"Versioned\"]\nshared_assemblies = [\"FixtureContracts\"]\n[timeouts]\nregister_ms = 5000"));

        Assert.That(result.RestartRequired, Is.EqualTo(new[] { "shared_assemblies", "timeouts" }));
        Assert.That(result.Unchanged, Is.False);
        Assert.That(result.Reloaded, Is.Empty);
    }

    [Test]
    public async Task ApplyConfigurationAsync_SameConfigurationWrittenAgain_ChangesNothing()
    {
        await using var runtime = Start("plugins = [\"Versioned\"] # a comment");

        var result = await runtime.ApplyConfigurationAsync(Edit("# the same, reformatted\nplugins = [ \"Versioned\" ]"));

        Assert.That(result.Unchanged, Is.True);
        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public async Task ApplyConfigurationAsync_AddedPluginFailsToImport_OthersAreStillApplied()
    {
        await using var runtime = Start("plugins = [\"Versioned\", \"CountingPlugin\"]");

        var result = await runtime.ApplyConfigurationAsync(Edit("plugins = [\"Versioned\", \"NoSuchPlugin\"]"));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Unloaded.Select(u => u.Name), Is.EqualTo(new[] { "CountingPlugin" }));
        Assert.That(result.Imported.Single().Error?.Message, Does.StartWith("No plugin named 'NoSuchPlugin' was found. "));
        Assert.That(runtime.Registry.Invoke("versioned.version", ""), Is.EqualTo("v1"));
    }

    private PluginRuntime Start(string plugins)
    {
        var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(Edit(plugins)));
        var outcomes = runtime.ImportAll();
        Assert.That(outcomes.Where(o => o.Error is not null), Is.Empty, "every plugin imports at start");
        return runtime;
    }

    /// <summary>Writes the configuration file (search path "plugins" unless given) and reads it, as a watcher does after an edit.</summary>
    private HostConfiguration Edit(string plugins, string searchPaths = "[\"plugins\"]") =>
        HostConfiguration.Load(Scratch.Write("plugins.toml", $"search_paths = {searchPaths}\n{plugins}\n"));
}
