using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Finding;

[TestFixture]
public sealed class CustomFindersTests : ScratchFixture
{
    private static string SampleFinder => Path.Combine(FixturePlugins.RepoRoot, "plugins-sample", "bin", "ZipFinder", "ZipFinder.dll");

    private static string Toml(string path) => path.Replace("\\", "/", StringComparison.Ordinal);

    [Test]
    public async Task Import_SampleZipFinderOverARealArchive_LoadsThePluginFromIt()
    {
        var stage = Path.Combine(Scratch.Path, "stage");
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), Path.Combine(stage, FixturePlugins.Counting));
        ZipFile.CreateFromDirectory(stage, Path.Combine(Scratch.Path, "plugins.zip"));
        var toml = Scratch.Write("plugins.toml", $$"""
            finders = [{ type = "ZipFinder.ZipArchiveFinder", assembly = "{{Toml(SampleFinder)}}", position = "first", settings = { archive = "plugins.zip", cache = "cache" } }]
            plugins = ["CountingPlugin"]
            """);
        using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml)));

        var plugin = runtime.Import(FixturePlugins.Counting);

        Assert.That(runtime.Finders.Select(f => f.Name), Is.EqualTo(new[] { "zip", "directory" }));
        Assert.That(plugin.Spec.Finder, Is.EqualTo("zip"));
        Assert.That(plugin.Origin, Is.EqualTo(Path.Combine(Scratch.Path, "plugins.zip") + "!/CountingPlugin/CountingPlugin.dll"));
        Assert.That(plugin.Spec.Directory, Does.StartWith(Path.Combine(Scratch.Path, "cache")));
        Assert.That(runtime.Registry.Invoke("counting.echo", "zip"), Is.EqualTo("zip from CountingPlugin (1)"));
        Assert.That((await runtime.UnloadAsync(FixturePlugins.Counting))!.Collected, Is.True);
    }

    [Test]
    public async Task Run_TheSampleConfiguration_LoadsEverySourceKindAndExitsZero()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("run", Path.Combine(FixturePlugins.RepoRoot, "plugins-sample", "plugins.toml"));

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("(path)").And.Contain("(directory)").And.Contain("(csharp-source)").And.Contain("(nuget)").And.Contain("(zip)"));
        Assert.That(output, Does.Contain("-> tsoHnigulP").And.Contain("-> \u201CPluginHost\u201D"));
    }

    private static IEnumerable<TestCaseData> FinderErrors()
    {
        yield return new TestCaseData("""{ type = "X.Y", assembly = "missing/Finder.dll" }""",
            "The finder assembly '{dir}/missing/Finder.dll' does not exist. Build the finder project, or fix 'assembly' (it is relative to the TOML file).")
            .SetName("CreateRuntime_FinderAssemblyMissing_SaysToBuildOrFixThePath");
        yield return new TestCaseData($$"""{ type = "ZipFinder.Nope", assembly = "{{Toml(SampleFinder)}}" }""",
            $"The finder assembly '{SampleFinder}' has no public type 'ZipFinder.Nope'. Its finders are: ZipFinder.ZipArchiveFinder. Give 'type' as the full name, namespace included.")
            .SetName("CreateRuntime_FinderTypeMissing_ListsTheFindersTheAssemblyHas");
        yield return new TestCaseData($$"""{ type = "CountingPlugin.CountingPlugin", assembly = "{{Toml(Path.Combine(FixturePlugins.FolderOf(FixturePlugins.Counting), "CountingPlugin.dll"))}}" }""",
            "does not implement PluginHost.Hooks.IPluginFinder (or is abstract). Implement IPluginFinder, referencing PluginHost with Private=\"false\" so the host's copy is shared.")
            .SetName("CreateRuntime_TypeThatIsNoFinder_SaysToImplementIPluginFinder");
        yield return new TestCaseData($$"""{ type = "ZipFinder.ZipArchiveFinder", assembly = "{{Toml(SampleFinder)}}" }""",
            "The finder 'ZipFinder.ZipArchiveFinder' threw ArgumentException from its constructor: The zip finder needs settings = { archive = \"path/to/plugins.zip\" }. (Parameter 'settings'). Check its settings.")
            .SetName("CreateRuntime_FinderConstructorThrows_ReportsWhatItSaid");
        yield return new TestCaseData("""{ type = "X.Y" }""",
            "finders[0] needs both 'type' and 'assembly'. Write it as { type = \"MyFinders.ZipArchiveFinder\", assembly = \"bin/MyFinders/MyFinders.dll\" }.")
            .SetName("Load_FinderWithoutAssembly_ShowsTheShape");
        yield return new TestCaseData("""{ type = "X.Y", assembly = "a.dll", position = "middle" }""",
            "'finders[0].position' must be \"first\" or \"last\", but it is the string \"middle\".")
            .SetName("Load_FinderPositionUnknown_SaysFirstOrLast");
    }

    [Test]
    public void CreateRuntime_FinderAssemblyIsNotAnAssembly_SaysToPointAtTheBuiltDll()
    {
        var garbage = Scratch.Write("finders/Garbage.dll", "not a PE file");
        var toml = Scratch.Write("plugins.toml", "finders = [{ type = \"X.Y\", assembly = \"finders/Garbage.dll\" }]\n");

        var error = ConfigurationErrorOf(toml);

        Assert.That(error.Errors.Single().Message, Does.StartWith($"The finder assembly '{garbage}' could not be loaded: ")
            .And.EndWith("Point 'assembly' at the finder's built .dll."));
    }

    [Test]
    public void CreateRuntime_FinderWithoutUsableConstructor_ListsTheConstructorsItCanHave()
    {
        var assembly = Toml(typeof(NeedsANumberFinder).Assembly.Location);
        var toml = Scratch.Write("plugins.toml", $"finders = [{{ type = \"{typeof(NeedsANumberFinder).FullName}\", assembly = \"{assembly}\" }}]\n");

        var error = ConfigurationErrorOf(toml);

        Assert.That(error.Errors.Single().Message, Is.EqualTo(
            $"The finder '{typeof(NeedsANumberFinder).FullName}' has no public constructor the host can call. Add one taking (IReadOnlyDictionary<string, string> settings, string configurationDirectory), one taking the settings, or a parameterless one."));
    }

    [Test]
    public void Load_FinderAssemblyMissing_ReadsTheDescriptionAndLoadsNothing()
    {
        var toml = Scratch.Write("plugins.toml", "finders = [{ type = \"X.Y\", assembly = \"missing/Finder.dll\", position = \"first\" }]\n");

        var configuration = HostConfiguration.Load(toml);

        var finder = configuration.Finders.Single();
        Assert.That((finder.Type, finder.Assembly, finder.Position), Is.EqualTo(("X.Y", Path.Combine(Scratch.Path, "missing", "Finder.dll"), FinderPosition.First)));
        Assert.That(finder.Location?.Line, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposeAsync_RuntimeWithCustomFinder_ReleasesTheFinderContext()
    {
        var toml = Scratch.Write("plugins.toml", $$"""
            finders = [{ type = "ZipFinder.ZipArchiveFinder", assembly = "{{Toml(SampleFinder)}}", settings = { archive = "plugins.zip" } }]
            """);
        var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml)));
        var finderContext = FinderContextOf(runtime);

        await runtime.DisposeAsync();

        Assert.That(Unloading.IsCollected(finderContext), Is.True, "the finder's load context is released with the runtime");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference FinderContextOf(PluginRuntime runtime) =>
        new(AssemblyLoadContext.GetLoadContext(runtime.Finders.First(f => f.Name == "zip").GetType().Assembly));

    private static PluginConfigurationException ConfigurationErrorOf(string toml) =>
        Assert.Throws<PluginConfigurationException>(() =>
        {
            using var runtime = new PluginRuntime(PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(toml)));
        })!;

    [TestCaseSource(nameof(FinderErrors))]
    public void CreateRuntime_BadFinder_IsAConfigurationErrorWithItsLocation(string finder, string expected)
    {
        var toml = Scratch.Write("plugins.toml", $"finders = [\n  {finder},\n]\n");

        var error = ConfigurationErrorOf(toml);

        var only = error.Errors.Single();
        Assert.That(only.Location.File, Is.EqualTo(toml));
        Assert.That(only.Location.Line, Is.EqualTo(2).Or.EqualTo(1));
        Assert.That(only.Message, Does.Contain(expected.Replace("{dir}", Scratch.Path, StringComparison.Ordinal)));
    }
}

/// <summary>A finder the host cannot construct from TOML: its only constructor wants a number.</summary>
public sealed class NeedsANumberFinder(int number) : PluginHost.Hooks.IPluginFinder
{
    public string Name => $"needs-{number}";

    public PluginHost.Hooks.PluginSpec? FindSpec(string name, PluginHost.Hooks.PluginSearchContext context) => null;
}
