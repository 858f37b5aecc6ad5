using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

[TestFixture]
public sealed class DirectoryFinderTests
{
    private TempDirectory _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new TempDirectory();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [Test]
    public void Find_FolderAndLoneFileInOnePath_FolderFormWins()
    {
        var folderForm = _scratch.Write("p/Thing/Thing.dll", "x");
        _scratch.Write("p/Thing.dll", "x");
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [Path.Combine(_scratch.Path, "p")] });

        var found = runtime.Find("Thing");

        Assert.That(found.Spec!.Origin, Is.EqualTo(folderForm));
        Assert.That(found.Spec.Finder, Is.EqualTo("directory"));
    }

    [Test]
    public void Find_NameInTwoSearchPaths_EarlierPathWinsEvenAsLoneFile()
    {
        var early = _scratch.Write("early/Thing.dll", "x");
        _scratch.Write("late/Thing/Thing.dll", "x");
        using var runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            SearchPaths = [Path.Combine(_scratch.Path, "early"), Path.Combine(_scratch.Path, "late")],
        });

        var found = runtime.Find("Thing");

        Assert.That(found.Spec!.Origin, Is.EqualTo(early));
        Assert.That(found.Probes.Select(p => p.Outcome), Is.EqualTo(new[] { "no such file", "found" }));
    }

    [Test]
    public void Find_NothingAnywhere_ReturnsNoSpecAndEveryProbe()
    {
        using var runtime = new PluginRuntime(new PluginRuntimeOptions { SearchPaths = [_scratch.Path] });

        var found = runtime.Find("Thing");

        Assert.That(found.Spec, Is.Null);
        Assert.That(found.Finders, Is.EqualTo(new[] { "directory" }));
        Assert.That(found.Probes.Select(p => p.Location), Is.EqualTo(new[]
        {
            Path.Combine(_scratch.Path, "Thing", "Thing.dll"),
            Path.Combine(_scratch.Path, "Thing.dll"),
        }));
    }
}
