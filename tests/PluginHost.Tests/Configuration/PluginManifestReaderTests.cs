using PluginHost.Diagnostics;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Configuration;

/// <summary>A plugin's plugin.toml: read when the plugin is found, its version and entry used, every problem reported with file, line and column.</summary>
[TestFixture]
public sealed class PluginManifestReaderTests : ScratchFixture
{
    [Test]
    public void Find_FixtureWithManifest_ExposesItWithoutLoading()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.Root);

        var found = runtime.Find(FixturePlugins.Requiring);

        Assert.That(found.Spec!.Manifest, Is.Not.Null);
        Assert.That(found.Spec.Manifest!.Version, Is.EqualTo("2.0.0"));
        Assert.That(found.Spec.Manifest.Requires.Select(r => r.ToString()), Is.EqualTo(new[] { "ManifestPlugin >= 1.2, < 2" }));
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Import_ManifestVersion_WinsOverTheAssemblyVersion()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.Root);

        var plugin = runtime.Import(FixturePlugins.Manifest);

        Assert.That(plugin.Version, Is.EqualTo("1.4.0"));
        Assert.That(plugin.Manifest!.Description, Does.StartWith("Says which plugin it is"));
    }

    [Test]
    public void Import_PluginWithoutManifest_StillLoads()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.Root);

        var plugin = runtime.Import(FixturePlugins.Counting);

        Assert.That(plugin.Manifest, Is.Null);
        Assert.That(plugin.Version, Does.StartWith("1.0.0"));
    }

    [Test]
    public void Import_EntryInManifest_LoadsThatAssemblyUnderTheFolderName()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Greeter", "version = \"1.2.3\"");
        using var runtime = TestRuntime.Create(Scratch.Path);

        var plugin = runtime.Import("Greeter");

        Assert.That(plugin.Origin, Does.EndWith("ManifestPlugin.dll"));
        Assert.That(plugin.Version, Is.EqualTo("1.2.3"));
        Assert.That(runtime.Registry.Invoke("greeter.hello", "you"), Is.EqualTo("Greeter greets you"));
    }

    [Test]
    public void Import_InvalidManifest_ReportsEveryProblemWithFileLineAndColumn()
    {
        var folder = FixturePlugins.AddManifestPlugin(Scratch.Path, "Broken", "version = \"1.2\"\nrequires = [\"Other >= banana\", \"../x\"]\ncolour = \"red\"");
        using var runtime = TestRuntime.Create(Scratch.Path);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Broken"))!;

        var file = Path.Combine(folder, "plugin.toml");
        Assert.That(error.Failure, Is.EqualTo(ImportFailure.InvalidManifest));
        Assert.That(error.Message, Does.Contain($"The manifest of the plugin 'Broken' at '{file}' is not valid (4 errors)"));
        Assert.That(error.Message, Does.Contain($"{file}:2:1: 'version' must be a SemVer 2.0 version"));
        Assert.That(error.Message, Does.Contain($"{file}:3:1: The version constraint '>= banana' in the requirement \"Other >= banana\" is not valid. Write comparators"));
        Assert.That(error.Message, Does.Contain($"{file}:3:1: The requirement \"../x\" does not start with a valid plugin name"));
        Assert.That(error.Message, Does.Contain($"{file}:4:1: Unknown key 'colour' in plugin.toml."));
        Assert.That(error.Message, Does.Contain("Fix plugin.toml"));
    }

    [Test]
    public void Import_ManifestSyntaxError_ReportsFileLineAndColumn()
    {
        var folder = FixturePlugins.AddManifestPlugin(Scratch.Path, "Broken", "version = ");
        using var runtime = TestRuntime.Create(Scratch.Path);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Broken"))!;

        Assert.That(error.Message, Does.Contain($"{Path.Combine(folder, "plugin.toml")}:2:").And.Contain("This is not valid TOML"));
    }

    [Test]
    public void Import_ManifestNamesAnotherPlugin_SaysToMakeThemMatch()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Greeter", "name = \"Welcomer\"");
        using var runtime = TestRuntime.Create(Scratch.Path);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Greeter"))!;

        Assert.That(error.Message, Does.Contain("that names it 'Welcomer'. Make 'name' in plugin.toml match"));
    }

    [Test]
    public void ImportAll_ManifestNestedTooDeep_FailsThatPluginWithItsPositionAndLoadsTheOthers()
    {
        var folder = FixturePlugins.AddManifestPlugin(Scratch.Path, "Deep", "x = " + new string('[', 70) + new string(']', 70));
        FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Plugins("Deep", FixturePlugins.Counting).Build();

        var outcomes = runtime.ImportAll();

        Assert.That(outcomes.Select(o => o.Status), Is.EqualTo(new[] { ImportStatus.Failed, ImportStatus.Loaded }));
        Assert.That(outcomes[0].Error!.Failure, Is.EqualTo(ImportFailure.InvalidManifest));
        Assert.That(outcomes[0].Error!.Message, Does.Contain($"{Path.Combine(folder, "plugin.toml")}:2:69: This is not valid TOML: The maximum depth of 64 has been exceeded"));
    }
}
