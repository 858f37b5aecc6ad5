using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

[TestFixture]
public sealed class DirectoryFinderTests : ScratchFixture
{
    [Test]
    public void Find_FolderAndLoneFileInOnePath_FolderFormWins()
    {
        var folderForm = Scratch.Write("p/Thing/Thing.dll", "x");
        Scratch.Write("p/Thing.dll", "x");
        using var runtime = TestRuntime.Create(Path.Combine(Scratch.Path, "p"));

        var found = runtime.Find("Thing");

        Assert.That(found.Spec!.Origin, Is.EqualTo(folderForm));
        Assert.That(found.Spec.Finder, Is.EqualTo("directory"));
    }

    [Test]
    public void Find_NameInTwoSearchPaths_EarlierPathWinsEvenAsLoneFile()
    {
        var early = Scratch.Write("early/Thing.dll", "x");
        Scratch.Write("late/Thing/Thing.dll", "x");
        using var runtime = TestRuntime.Create(Path.Combine(Scratch.Path, "early"), Path.Combine(Scratch.Path, "late"));

        var found = runtime.Find("Thing");

        Assert.That(found.Spec!.Origin, Is.EqualTo(early));
        Assert.That(found.Probes.Select(p => p.Outcome), Is.EqualTo(new[] { "no such file", "found" }));
    }

    [Test]
    public void Find_NothingAnywhere_ReturnsNoSpecAndEveryProbe()
    {
        using var runtime = TestRuntime.Create(Scratch.Path);

        var found = runtime.Find("Thing");

        Assert.That(found.Spec, Is.Null);
        Assert.That(found.Finders, Is.EqualTo(new[] { "directory" }));
        Assert.That(found.Probes.Select(p => p.Location), Is.EqualTo(new[]
        {
            Path.Combine(Scratch.Path, "Thing", "Thing.dll"),
            Path.Combine(Scratch.Path, "Thing.dll"),
        }));
    }
}
