using PluginHost.Configuration;
using PluginHost.CSharp;
using PluginHost.Diagnostics;
using PluginHost.Finding;
using PluginHost.Hooks;
using PluginHost.NuGet;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

/// <summary>
/// The keys served by optional packages: found by assembly name when the application references the
/// package (this test assembly does, as the CLI does), and a located error naming the package when not.
/// </summary>
[TestFixture]
public sealed class ConfiguredFindersTests : ScratchFixture
{
    private static IConfiguredFinderFactory? NotReferenced(FinderPackage package) => null;

    [Test]
    public void Create_SourcePathsWithoutTheCSharpPackage_NamesThePackageAndWhatToDoAtTheKey()
    {
        var toml = Scratch.Write("plugins.toml", """
            search_paths = ["bin"]
            source_paths = ["scripts"]
            plugins = ["Hello"]
            """);
        var configuration = HostConfiguration.Load(toml);

        var error = Assert.Throws<PluginConfigurationException>(() => ConfiguredFinders.Create(configuration, NotReferenced))!;

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            $"{toml}:2:1: 'source_paths' needs the PluginHost.CSharp package, which compiles C# source plugins on import, and this application does not reference it. Add it to the host project (dotnet add package PluginHost.CSharp), or remove 'source_paths'.",
        }));
    }

    [Test]
    public void Create_NuGetKeysWithoutTheNuGetPackage_ReportsEveryKeyWhereItIsWritten()
    {
        var toml = Scratch.Write("plugins.toml", """
            nuget_feeds = ["feed"]
            plugins = ["Plain", { name = "Quotes", version = "[1.0,2.0)" }]
            """);
        var configuration = HostConfiguration.Load(toml);

        var error = Assert.Throws<PluginConfigurationException>(() => ConfiguredFinders.Create(configuration, NotReferenced))!;

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            $"{toml}:1:1: 'nuget_feeds' needs the PluginHost.NuGet package, which finds plugins in folders of NuGet packages, and this application does not reference it. Add it to the host project (dotnet add package PluginHost.NuGet), or remove 'nuget_feeds'.",
            $"{toml}:2:40: 'version' of the plugin 'Quotes' needs the PluginHost.NuGet package, which finds plugins in folders of NuGet packages, and this application does not reference it. Add it to the host project (dotnet add package PluginHost.NuGet), or remove 'version'.",
        }));
    }

    [Test]
    public void Create_NoKeyOfAnOptionalPackage_LooksForNoPackage()
    {
        var configuration = HostConfiguration.Load(Scratch.Write("plugins.toml", "search_paths = [\"bin\"]\nplugins = [\"A\"]"));
        var asked = new List<string>();

        var finders = ConfiguredFinders.Create(configuration, package =>
        {
            asked.Add(package.Id);
            return null;
        });

        Assert.That(finders, Is.Empty);
        Assert.That(asked, Is.Empty);
    }

    [Test]
    public void FromConfiguration_PackagesReferenced_AddsTheirFindersAfterTheDirectoryFinder()
    {
        var toml = Scratch.Write("plugins.toml", """
            source_paths = ["scripts"]
            nuget_feeds = ["feed"]
            """);

        var options = PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml));

        Assert.That(options.Finders.Select(f => (f.Finder.GetType(), f.Position)), Is.EqualTo(new[]
        {
            (typeof(CSharpSourceFinder), FinderPosition.Last),
            (typeof(NuGetFeedFinder), FinderPosition.Last),
        }));
    }
}
