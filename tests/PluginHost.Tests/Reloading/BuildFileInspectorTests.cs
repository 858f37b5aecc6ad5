using PluginHost.Reloading;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Reloading;

[TestFixture]
public sealed class BuildFileInspectorTests : ScratchFixture
{
    private static readonly DateTime s_written = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static string Build(string build, string extension) => Path.Combine(FixturePlugins.Root, build, VersionedBuilds.Name + extension);

    [TestCase(".dll")]
    [TestCase(".pdb")]
    public void InspectContent_EveryPrefixOfARealBuildFile_IsPartialAndOnlyTheWholeFileIsWhole(string extension)
    {
        var bytes = File.ReadAllBytes(Build(VersionedBuilds.V1, extension));

        var whole = Enumerable.Range(0, bytes.Length)
            .Where(length => BuildFileInspector.InspectContent("Versioned" + extension, bytes[..length], s_written).Verdict != FileVerdict.Partial)
            .ToList();

        Assert.That(whole, Is.Empty, "prefixes that do not look partial");
        Assert.That(BuildFileInspector.InspectContent("Versioned" + extension, bytes, s_written).Verdict, Is.EqualTo(FileVerdict.Whole));
    }

    [TestCase("Versioned.deps.json")]
    [TestCase("Versioned.runtimeconfig.json")]
    public void InspectContent_EveryPrefixOfARealJsonFile_IsPartialUpToItsLastToken(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FixturePlugins.Root, VersionedBuilds.V1, file));
        var lastToken = Array.FindLastIndex(bytes, b => !char.IsWhiteSpace((char)b)) + 1;

        var whole = Enumerable.Range(0, lastToken)
            .Where(length => BuildFileInspector.InspectContent(file, bytes[..length], s_written).Verdict != FileVerdict.Partial)
            .ToList();

        // Only trailing white space can be missing from JSON that parses, and it changes nothing.
        Assert.That(whole, Is.Empty, "prefixes that do not look partial");
        Assert.That(BuildFileInspector.InspectContent(file, bytes[..lastToken], s_written).Verdict, Is.EqualTo(FileVerdict.Whole));
    }

    [Test]
    public void InspectContent_AssemblyGivenItsFullLengthBeforeItsContent_IsPartial()
    {
        var bytes = File.ReadAllBytes(Build(VersionedBuilds.V1, ".dll"));
        var filling = new byte[bytes.Length];
        bytes.AsSpan(0, 1024).CopyTo(filling);

        var file = BuildFileInspector.InspectContent("Versioned.dll", filling, s_written);

        Assert.That(file.Verdict, Is.EqualTo(FileVerdict.Partial));
        Assert.That(file.Problem, Does.StartWith("it does not read as an image yet"));
    }

    [Test]
    public void InspectContent_TruncatedAssembly_SaysHowMuchIsMissing()
    {
        var bytes = File.ReadAllBytes(Build(VersionedBuilds.V1, ".dll"));

        var file = BuildFileInspector.InspectContent("Versioned.dll", bytes[..4096], s_written);

        Assert.That(file.Problem, Is.EqualTo($"its headers say {bytes.Length} bytes, 4096 are written"));
    }

    [Test]
    public void Inspect_AssemblyAndItsPdb_NameTheSameId()
    {
        var dll = BuildFileInspector.Inspect(Build(VersionedBuilds.V1, ".dll"));
        var pdb = BuildFileInspector.Inspect(Build(VersionedBuilds.V1, ".pdb"));
        var otherPdb = BuildFileInspector.Inspect(Build(VersionedBuilds.V2, ".pdb"));

        Assert.That(dll.PdbId, Is.Not.Null);
        Assert.That(pdb.PdbId, Is.EqualTo(dll.PdbId));
        Assert.That(otherPdb.PdbId, Is.Not.EqualTo(dll.PdbId));
    }

    [Test]
    public void Inspect_TwoBuildsOfTheSameLengthAndTime_HaveDifferentStamps()
    {
        var v1 = File.ReadAllBytes(Build(VersionedBuilds.V1, ".dll"));
        var v2 = File.ReadAllBytes(Build(VersionedBuilds.V2, ".dll"));
        Assume.That(v2, Has.Length.EqualTo(v1.Length));

        var first = BuildFileInspector.InspectContent("Versioned.dll", v1, s_written).Stamp;
        var second = BuildFileInspector.InspectContent("Versioned.dll", v2, s_written).Stamp;

        Assert.That(second.Matches(first), Is.False);
    }

    [Test]
    public void Inspect_FileAWriterHoldsExclusively_IsBusyUntilItLetsGo()
    {
        var path = Path.Combine(Scratch.Path, "Versioned.dll");
        File.Copy(Build(VersionedBuilds.V1, ".dll"), path);

        // File.Copy holds its destination like this while it writes.
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.That(BuildFileInspector.Inspect(path).Verdict, Is.EqualTo(FileVerdict.Busy));
        }

        Assert.That(BuildFileInspector.Inspect(path).Verdict, Is.EqualTo(FileVerdict.Whole));
    }

    [Test]
    public void Inspect_WriterThatSharesTheFile_IsNotKeptOutByTheInspection()
    {
        var path = Path.Combine(Scratch.Path, "Versioned.dll");
        var bytes = File.ReadAllBytes(Build(VersionedBuilds.V1, ".dll"));
        using var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        writer.Write(bytes, 0, 100);
        writer.Flush();

        Assert.That(BuildFileInspector.Inspect(path).Verdict, Is.EqualTo(FileVerdict.Partial));
        writer.Write(bytes, 100, bytes.Length - 100);
        writer.Flush();
        Assert.That(BuildFileInspector.Inspect(path).Verdict, Is.EqualTo(FileVerdict.Whole));
    }

    [Test]
    public void Inspect_FilesItCannotJudge_AreUnjudgedAndNotOpened()
    {
        var toml = Scratch.Write("plugin.toml", "name = \"Versioned\"\n");

        // Even held exclusively (a test of "not opened": opening it would find it busy).
        using var held = new FileStream(toml, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var file = BuildFileInspector.Inspect(toml);

        Assert.That(file.Verdict, Is.EqualTo(FileVerdict.Unjudged));
        Assert.That(file.Stamp.Length, Is.EqualTo(new FileInfo(toml).Length));
    }

    [Test]
    public void Inspect_FileThatIsGone_IsMissing()
    {
        Assert.That(BuildFileInspector.Inspect(Path.Combine(Scratch.Path, "Versioned.dll")).Verdict, Is.EqualTo(FileVerdict.Missing));
    }

    [Test]
    public void InspectContent_EmptyJson_IsPartial()
    {
        Assert.That(BuildFileInspector.InspectContent("Versioned.deps.json", [], s_written).Problem, Is.EqualTo("it is empty"));
    }
}
