using PluginHost.Diagnostics;
using PluginHost.Registration;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Runtime;

/// <summary>
/// One transaction for import and reload: a reload that fails at any step leaves the cache, the
/// registrations and the import graph exactly as they were. "A" is a plugin that imports "Extra" and
/// "Versioned" from its Register; each case breaks A's next build in another way and reloads it.
/// </summary>
[TestFixture]
public sealed class ImportTransactionRollbackTests : ScratchFixture
{
    private string _searchPath = null!;

    private static IEnumerable<TestCaseData> BrokenBuilds()
    {
        yield return new TestCaseData(new Action<string>(p => Directory.Delete(Path.Combine(p, "A"), recursive: true)), ImportFailure.NotFound)
            .SetName("ReloadAsync_BuildNotFound_ChangesNothing");
        yield return new TestCaseData(new Action<string>(p => File.WriteAllBytes(Path.Combine(p, "A", FixturePlugins.Manifest + ".dll"), [0x4D, 0x5A, 1, 2, 3])), ImportFailure.NotAnAssembly)
            .SetName("ReloadAsync_BadImage_ChangesNothing");
        yield return new TestCaseData(new Action<string>(p => File.AppendAllText(Path.Combine(p, "A", "plugin.toml"), "requires = [\"Missing\"]\n")), ImportFailure.RequirementNotFound)
            .SetName("ReloadAsync_MissingDependency_ChangesNothing");
    }

    [SetUp]
    public void CreateSearchPath()
    {
        _searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, _searchPath);
        FixturePlugins.AddManifestPlugin(_searchPath, "A");
        FixturePlugins.AddManifestPlugin(_searchPath, "Extra");
    }

    [Test]
    public async Task ReloadAsync_RegisterFailsAfterTheImportsChanged_KeepsTheServingGenerationsImportEdges()
    {
        await using var runtime = Runtime();
        runtime.Import("A");
        await runtime.UnloadAsync("Extra");
        Directory.Delete(Path.Combine(_searchPath, "Extra"), recursive: true);

        // A's new generation fails in Register on its first import, before it imports Versioned again.
        var failed = await runtime.ReloadAsync("A");
        var dependencyReloaded = await runtime.ReloadAsync(VersionedBuilds.Name);

        Assert.That(failed.Error?.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(dependencyReloaded.Dependents.Select(d => d.Name), Is.EqualTo(new[] { "A" }),
            "A still imports Versioned: its failed reload must not have erased that edge");
    }

    [TestCaseSource(nameof(BrokenBuilds))]
    public async Task ReloadAsync_BrokenBuild_LeavesCacheRegistryAndImportGraphAsTheyWere(Action<string> breakBuild, ImportFailure failure)
    {
        await using var runtime = Runtime();
        var before = Snapshot(runtime);

        breakBuild(_searchPath);
        var result = await runtime.ReloadAsync("A");

        Assert.That(result.Error?.Failure, Is.EqualTo(failure), result.Error?.Message);
        AssertUnchanged(runtime, before);
        Assert.That((await runtime.ReloadAsync(VersionedBuilds.Name)).Dependents.Select(d => d.Name), Is.EqualTo(new[] { "A" }));
    }

    [Test]
    public async Task ReloadAsync_RegisterThrows_LeavesCacheRegistryAndImportGraphAsTheyWere()
    {
        await using var runtime = Runtime();
        var before = Snapshot(runtime);
        await runtime.UnloadAsync("Extra");
        Directory.Delete(Path.Combine(_searchPath, "Extra"), recursive: true);
        before = before with { Commands = [.. runtime.Registry.Commands] };

        var result = await runtime.ReloadAsync("A");

        Assert.That(result.Error?.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(result.Error!.Message, Does.StartWith($"The plugin 'A' at '{Path.Combine(_searchPath, "A", FixturePlugins.Manifest + ".dll")}' threw PluginImportException in Register(): No plugin named 'Extra' was found."));
        AssertUnchanged(runtime, before);
    }

    [Test]
    public async Task ReloadAsync_Cancelled_ThrowsAndLeavesEverythingAsItWas()
    {
        await using var runtime = Runtime();
        var before = Snapshot(runtime);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await runtime.ReloadAsync("A", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());

        AssertUnchanged(runtime, before);
        var next = await runtime.ReloadAsync("A");
        Assert.That(next.NewGeneration, Is.EqualTo(2), "the cancelled attempt published no generation number");
    }

    [Test]
    public async Task Import_RegisterThrows_LeavesNothingInTheCacheOrRegistry()
    {
        await using var runtime = Runtime();
        runtime.Import(VersionedBuilds.Name);
        var commands = runtime.Registry.Commands;
        Directory.Delete(Path.Combine(_searchPath, "Extra"), recursive: true);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("A"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.RegisterFailed));
        Assert.That(runtime.TryGetLoaded("A", out _), Is.False);
        Assert.That(runtime.Registry.Commands, Is.EqualTo(commands));
        Assert.That((await runtime.ReloadAsync(VersionedBuilds.Name)).Dependents, Is.Empty, "the failed import recorded no edge");
    }

    private static State Snapshot(PluginRuntime runtime) =>
        new(runtime.Import("A"), [.. runtime.Registry.Commands]);

    private static void AssertUnchanged(PluginRuntime runtime, State before)
    {
        Assert.That(runtime.Import("A"), Is.SameAs(before.A), "the cache still holds the same generation");
        Assert.That(before.A.State, Is.EqualTo(PluginState.Ready));
        Assert.That(runtime.Registry.Commands, Is.EqualTo(before.Commands), "the registry holds the very same registrations");
        Assert.That(runtime.Registry.Invoke("a.hello", "you"), Is.EqualTo("A greets you"));
    }

    private PluginRuntime Runtime() => new TestRuntime().SearchPaths(_searchPath).Plugin("A", ("import", "Extra,Versioned")).Build();

    private sealed record State(LoadedPlugin A, IReadOnlyList<RegisteredCommand> Commands);
}
