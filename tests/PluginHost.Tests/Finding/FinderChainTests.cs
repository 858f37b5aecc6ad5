using PluginHost.Hooks;
using PluginHost.Loading;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

[TestFixture]
public sealed class FinderChainTests : ScratchFixture
{
    /// <summary>A finder serving one fixture folder under another name: a real custom import hook.</summary>
    private sealed class AliasFinder(string alias, string fixture) : IPluginFinder
    {
        public string Name => "alias";

        public PluginSpec? FindSpec(string name, PluginSearchContext context)
        {
            if (name != alias)
            {
                return null;
            }

            var origin = Path.Combine(FixturePlugins.FolderOf(fixture), fixture + ".dll");
            context.RecordProbe(origin, "found");
            return new PluginSpec(name, origin, PluginLoaders.AssemblyFile);
        }
    }

    [Test]
    public void AddFirst_CustomFinder_IsAskedBeforeTheDirectoryFinderAndWins()
    {
        FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = TestRuntime.Create(Scratch.Path);
        runtime.Finders.AddFirst(new AliasFinder(FixturePlugins.Counting, FixturePlugins.SelfImporter));

        var plugin = runtime.Import(FixturePlugins.Counting);

        Assert.That(runtime.Finders.Select(f => f.Name), Is.EqualTo(new[] { "alias", "directory" }));
        Assert.That(plugin.Spec.Finder, Is.EqualTo("alias"));
        Assert.That(runtime.Registry.FindCommand("self.observed"), Is.Not.Null, "the alias finder's plugin was loaded");
    }

    [Test]
    public void AddLast_CustomFinder_IsAskedOnlyWhenEarlierFindersMiss()
    {
        FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = TestRuntime.Create(Scratch.Path);
        runtime.Finders.AddLast(new AliasFinder("Aliased", FixturePlugins.SelfImporter));

        var fromDirectory = runtime.Import(FixturePlugins.Counting);
        var fromAlias = runtime.Import("Aliased");

        Assert.That(fromDirectory.Spec.Finder, Is.EqualTo("directory"));
        Assert.That(fromAlias.Spec.Finder, Is.EqualTo("alias"));
        Assert.That(fromAlias.Name, Is.EqualTo("Aliased"));
    }

    [Test]
    public void Remove_DirectoryFinder_LeavesAnEmptyChainThatFindsNothing()
    {
        FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        using var runtime = TestRuntime.Create(Scratch.Path);

        Assert.That(runtime.Finders.Remove(runtime.Finders[0]), Is.True);
        var error = Assert.Throws<PluginHost.Diagnostics.PluginImportException>(() => runtime.Import(FixturePlugins.Counting))!;

        Assert.That(error.Message, Does.Contain("The finder chain is empty."));
    }
}
