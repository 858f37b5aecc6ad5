using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.NuGet;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.NuGet;

[TestFixture]
public sealed class NuGetFeedFinderTests : ScratchFixture
{
    private const string Packaged = "PackagedPlugin";


    private NuGetFeedFinder FeedFinder(string feed, string? version = null) => new(new NuGetFeedOptions
    {
        Feeds = [feed],
        Versions = version is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Packaged] = version },
        CacheDirectory = Path.Combine(Scratch.Path, "cache"),
    });

    [Test]
    public void Import_NoConstraint_LoadsTheHighestVersionWithItsDependency()
    {
        using var runtime = new TestRuntime().Finder(FeedFinder(FixturePlugins.Feed)).Build();

        var plugin = runtime.Import(Packaged);

        Assert.That(plugin.Spec.Finder, Is.EqualTo("nuget"));
        Assert.That(plugin.Origin, Is.EqualTo(Path.Combine(FixturePlugins.Feed, "PackagedPlugin.2.0.0.nupkg")));
        Assert.That(plugin.Spec.Directory, Does.StartWith(Path.Combine(Scratch.Path, "cache", "nuget", "PackagedPlugin.2.0.0-")));
        Assert.That(File.Exists(Path.Combine(plugin.Spec.Directory, "PackagedHelper.dll")), Is.True);
        Assert.That(runtime.Registry.Invoke("packaged.version", ""), Is.EqualTo("*2.0.0*"));
    }

    [Test]
    public void Import_RangeConstraint_TakesTheHighestVersionInTheRange()
    {
        using var runtime = new TestRuntime().Finder(FeedFinder(FixturePlugins.Feed, "[1.0,2.0)")).Build();

        runtime.Import(Packaged);

        Assert.That(runtime.Registry.Invoke("packaged.version", ""), Is.EqualTo("*1.0.0*"));
    }

    [Test]
    public void Import_NoVersionSatisfies_SaysWhichVersionsTheFeedHas()
    {
        using var runtime = new TestRuntime().Finder(FeedFinder(FixturePlugins.Feed, "[3.0,)")).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(Packaged))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotFound));
        Assert.That(error.Message, Does.Contain($"[nuget] {Path.Combine(FixturePlugins.Feed, "PackagedPlugin.*.nupkg")}: no version satisfies (>= 3.0.0) (the feed has 1.0.0, 2.0.0)"));
    }

    [Test]
    public void Import_DependencyNotInTheFeed_NamesItAndSaysWhereToPutIt()
    {
        var feed = Directory.CreateDirectory(Path.Combine(Scratch.Path, "feed")).FullName;
        File.Copy(Path.Combine(FixturePlugins.Feed, "PackagedPlugin.2.0.0.nupkg"), Path.Combine(feed, "PackagedPlugin.2.0.0.nupkg"));
        using var runtime = new TestRuntime().Finder(FeedFinder(feed)).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(Packaged))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.LoadFailed));
        Assert.That(error.Message, Is.EqualTo(
            $"The plugin 'PackagedPlugin' from the package '{Path.Combine(feed, "PackagedPlugin.2.0.0.nupkg")}' depends on packages its feed does not have: PackagedHelper (>= 1.0.0). Pack them into the same feed folder."));
    }

    [Test]
    public async Task Import_SamePackageAgain_ReusesTheContentAddressedFolder()
    {
        using var runtime = new TestRuntime().Finder(FeedFinder(FixturePlugins.Feed)).Build();
        var first = runtime.Import(Packaged).Spec.Directory;
        var stamp = Directory.GetLastWriteTimeUtc(first);
        await runtime.UnloadAsync(Packaged);

        var second = runtime.Import(Packaged).Spec.Directory;

        Assert.That(second, Is.EqualTo(first));
        Assert.That(Directory.GetLastWriteTimeUtc(second), Is.EqualTo(stamp));
    }

    [Test]
    public async Task Run_FeedAndVersionInToml_ImportsThePinnedVersion()
    {
        var toml = Scratch.Write("plugins.toml", $$"""
            nuget_feeds = ['{{FixturePlugins.Feed}}']
            plugins = [{ name = "PackagedPlugin", version = "1.0.0" }]
            """);

        var (exitCode, output, error) = await CliRunner.RunAsync("run", toml);

        // "1.0.0" means at least 1.0.0, so the highest, 2.0.0, wins: NuGet's own reading of a bare version.
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("(nuget)").And.Contain("-> *2.0.0*"));
    }

    [Test]
    public void FromConfiguration_VersionThatIsNoRange_ReportsFileLineAndColumn()
    {
        var toml = Scratch.Write("plugins.toml", """
            nuget_feeds = ["feed"]
            plugins = [{ name = "PackagedPlugin", version = "one point oh" }]
            """);
        var configuration = HostConfiguration.Load(toml);

        var error = Assert.Throws<PluginConfigurationException>(() => PluginRuntimeOptions.FromConfiguration(configuration))!;

        Assert.That(error.Errors.Single().ToString(), Is.EqualTo(
            $"{toml}:2:39: The version constraint 'one point oh' for the plugin 'PackagedPlugin' is not a NuGet version range. Write a version such as \"1.2.0\" (at least 1.2.0) or a range such as \"[1.0,2.0)\"."));
    }
}
