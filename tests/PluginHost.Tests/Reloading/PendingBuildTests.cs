using PluginHost.Reloading;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Reloading;

[TestFixture]
public sealed class PendingBuildTests : ScratchFixture
{
    private string _folder = null!;
    private PendingBuild _pending = null!;

    [SetUp]
    public void DeployTheFirstBuild()
    {
        VersionedBuilds.Deploy(VersionedBuilds.V1, Scratch.Path);
        _folder = VersionedBuilds.FolderIn(Scratch.Path);
        _pending = new PendingBuild([new WatchedFolder(_folder, "*", Recursive: true)], "Versioned.dll");
    }

    [Test]
    public void Inspect_NewEntryAssemblyBesideThePreviousBuildsPdb_WaitsForThePdb()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");

        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Waiting));
        Assert.That(readiness.Reason, Is.EqualTo("Versioned.pdb beside Versioned.dll is still the previous build's"));
    }

    [Test]
    public void Inspect_NewEntryAssemblyAndItsPdb_IsComplete()
    {
        Write(VersionedBuilds.V2, "Versioned.deps.json");
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");

        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Complete), readiness.Reason);
        Assert.That(readiness.Entry?.Name, Is.EqualTo("Versioned.dll"));
    }

    [Test]
    public void Inspect_ChangesWhoseNamesCannotMakeACompleteBuild_OpenNoFile()
    {
        var dll = Write(VersionedBuilds.V2, "Versioned.dll");

        // A writer holding it exclusively would make any opening see it busy.
        using var writer = new FileStream(dll, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Waiting));
        Assert.That(readiness.Files, Is.Empty);
    }

    [Test]
    public void Inspect_PdbOfAnotherBuildWrittenBesideTheNewAssembly_Waits()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.Throws, "Versioned.pdb");

        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Waiting));
        Assert.That(readiness.Reason, Is.EqualTo("Versioned.pdb does not belong to Versioned.dll yet"));
    }

    [Test]
    public void Inspect_OnlyAFileItCannotJudgeChanged_WaitsForQuietTime()
    {
        var toml = Path.Combine(_folder, "plugin.toml");
        File.WriteAllText(toml, "description = \"edited\"\n");
        _pending.Add(toml);

        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Waiting));
        Assert.That(readiness.Reason, Is.EqualTo("Versioned.dll is not among the changed files, which only quiet time can tell complete"));
    }

    [Test]
    public void Inspect_PartialFileBesideACompleteBuild_Waits()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        var deps = Path.Combine(_folder, "Versioned.deps.json");
        File.WriteAllText(deps, "{ \"runtimeTarget\": {");
        _pending.Add(deps);

        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Waiting));
        Assert.That(readiness.Reason, Does.StartWith("Versioned.deps.json is not complete: it does not parse yet"));
    }

    [Test]
    public void Inspect_EntryAssemblyAWriterStillHolds_IsBusy()
    {
        Write(VersionedBuilds.V2, "Versioned.pdb");
        var dll = Write(VersionedBuilds.V2, "Versioned.dll");
        using var writer = new FileStream(dll, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Busy));
        Assert.That(readiness.Reason, Is.EqualTo("Versioned.dll: a writer still has it open"));
    }

    [Test]
    public void Inspect_LateEventsForWhatTheReloadRead_AreNothingNew()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        _pending.Loading(_pending.Inspect());

        // The events of those writes arrive after the reload started.
        _pending.Add(VersionedBuilds.DllIn(Scratch.Path));
        _pending.Add(Path.Combine(_folder, "Versioned.pdb"));
        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.NothingNew));
        Assert.That(_pending.IsEmpty, Is.True);
    }

    [Test]
    public void Inspect_NextBuildWithTheSameLengthAndWriteTime_IsNew()
    {
        var dll = Write(VersionedBuilds.V2, "Versioned.dll");
        var pdb = Write(VersionedBuilds.V2, "Versioned.pdb");
        _pending.Loading(_pending.Inspect());
        var written = (File.GetLastWriteTimeUtc(dll), File.GetLastWriteTimeUtc(pdb));

        // Written again within one tick of the file system's clock: only the content tells.
        Write(VersionedBuilds.V1, "Versioned.dll");
        Write(VersionedBuilds.V1, "Versioned.pdb");
        File.SetLastWriteTimeUtc(dll, written.Item1);
        File.SetLastWriteTimeUtc(pdb, written.Item2);
        Assume.That(new FileInfo(dll).Length, Is.EqualTo(File.ReadAllBytes(Path.Combine(FixturePlugins.Root, VersionedBuilds.V2, "Versioned.dll")).Length));
        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Complete), readiness.Reason);
    }

    [Test]
    public void Inspect_NewAssemblyBesideItsPdbRewrittenWithTheBytesLastLoaded_IsComplete()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        _pending.Loading(_pending.Inspect());
        Write(VersionedBuilds.V1, "Versioned.dll");
        _pending.Loading(_pending.InspectAll());

        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Complete), readiness.Reason);
        Assert.That(readiness.Files.Select(f => f.Name), Is.EqualTo(new[] { "Versioned.dll" }), "the PDB holds nothing new");
    }

    [Test]
    public void Inspect_PdbACopyStillHoldsWithTheLengthAndTimeLastLoaded_IsBusy()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        _pending.Loading(_pending.Inspect());
        Write(VersionedBuilds.V1, "Versioned.dll");
        _pending.Loading(_pending.InspectAll());

        // File.Copy gives the copy its source's write time, so length and time are what the first load saw.
        Write(VersionedBuilds.V2, "Versioned.dll");
        var pdb = Write(VersionedBuilds.V2, "Versioned.pdb");
        using var copying = new FileStream(pdb, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var readiness = _pending.Inspect();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Busy), readiness.Reason);
    }

    [Test]
    public void Inspect_LoadedAssemblyTouched_IsAChange()
    {
        var dll = Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        _pending.Loading(_pending.Inspect());

        File.SetLastWriteTimeUtc(dll, File.GetLastWriteTimeUtc(dll).AddSeconds(1));
        _pending.Add(dll);
        var readiness = _pending.InspectAll();

        Assert.That(readiness.State, Is.Not.EqualTo(Readiness.NothingNew));
        Assert.That(readiness.Files.Select(f => f.Name), Is.EqualTo(new[] { "Versioned.dll" }));
    }

    [Test]
    public void Inspect_LoadedAssemblyCopiedAgainFromTheSameSource_IsNothingNew()
    {
        Write(VersionedBuilds.V2, "Versioned.dll");
        Write(VersionedBuilds.V2, "Versioned.pdb");
        _pending.Loading(_pending.Inspect());

        // File.Copy keeps the source's write time: same bytes, same length, same time.
        Write(VersionedBuilds.V2, "Versioned.dll");

        Assert.That(_pending.InspectAll().State, Is.EqualTo(Readiness.NothingNew));
    }

    [Test]
    public void Inspect_TemporaryFileRenamedAway_IsNothingNew()
    {
        _pending.Add(Path.Combine(_folder, ".Versioned.dll.tmp"));

        Assert.That(_pending.InspectAll().State, Is.EqualTo(Readiness.NothingNew));
    }

    [Test]
    public void Inspect_LoadedFileDeleted_IsAChange()
    {
        var deps = Path.Combine(_folder, "Versioned.deps.json");
        File.Delete(deps);
        _pending.Add(deps);

        var readiness = _pending.InspectAll();

        Assert.That(readiness.State, Is.EqualTo(Readiness.Waiting));
        Assert.That(readiness.Files.Single().Verdict, Is.EqualTo(FileVerdict.Missing));
    }

    private string Write(string build, string file)
    {
        var path = Path.Combine(_folder, file);
        File.Copy(Path.Combine(FixturePlugins.Root, build, file), path, overwrite: true);
        _pending.Add(path);
        return path;
    }
}
