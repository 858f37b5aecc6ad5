using PluginHost.CSharp;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.CSharp;

[TestFixture]
public sealed class CSharpSourceFinderTests : ScratchFixture
{
    private static string Plugin(string greeting) => $$"""
        namespace Scripted;

        public sealed class Hello : IPlugin
        {
            public void Register(IPluginContext context) =>
                context.Registry.AddCommand("hello", "Greets.", who => Format.Greet("{{greeting}}", who));
        }
        """;

    private const string Helper = """
        namespace Scripted;

        internal static class Format
        {
            public static string Greet(string greeting, string who) => $"{greeting}, {who}!";
        }
        """;

    private CSharpSourceFinder SourceFinder() => new(new CSharpSourceOptions
    {
        SourcePaths = [Path.Combine(Scratch.Path, "scripts")],
        CacheDirectory = Path.Combine(Scratch.Path, "cache"),
    });

    [Test]
    public void Import_FolderOfSources_CompilesEveryFileIntoOnePlugin()
    {
        Scratch.Write("scripts/Hello/Hello.cs", Plugin("Hello"));
        Scratch.Write("scripts/Hello/Format.cs", Helper);
        Scratch.Write("scripts/Hello/obj/Stale.cs", "this is not C# and must be skipped");
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();

        var plugin = runtime.Import("Hello");

        Assert.That(plugin.Spec.Finder, Is.EqualTo("csharp-source"));
        Assert.That(plugin.Origin, Is.EqualTo(Path.Combine(Scratch.Path, "scripts", "Hello")));
        Assert.That(runtime.Registry.Invoke("hello", "world"), Is.EqualTo("Hello, world!"));
    }

    [Test]
    public void Import_SingleFile_Compiles()
    {
        Scratch.Write("scripts/Hello.cs", Plugin("Hi") + Helper.Replace("namespace Scripted;", string.Empty, StringComparison.Ordinal));
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();

        runtime.Import("Hello");

        Assert.That(runtime.Registry.Invoke("hello", "you"), Is.EqualTo("Hi, you!"));
    }

    [Test]
    public void Import_SourceWithErrors_ListsEachErrorAsFileLineColumn()
    {
        var file = Scratch.Write("scripts/Hello/Hello.cs", """
            namespace Scripted;

            public sealed class Hello : IPlugin
            {
                public void Register(IPluginContext context)
                {
                    int count = "three";
                    Missing.Call();
                }
            }
            """);
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Hello"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.CompileFailed));
        Assert.That(error.Message, Does.StartWith($"The C# source plugin 'Hello' at '{Path.GetDirectoryName(file)}' does not compile (2 errors):"));
        Assert.That(error.Message, Does.Contain($"{file}:7:21: error CS0029: Cannot implicitly convert type 'string' to 'int'"));
        Assert.That(error.Message, Does.Contain($"{file}:8:9: error CS0103: The name 'Missing' does not exist in the current context"));
        Assert.That(error.Message, Does.Contain("Fix the errors and import the plugin again."));
        Assert.That(runtime.TryGetLoaded("Hello", out _), Is.False);
    }

    [Test]
    public async Task Import_EditedBetweenImports_RunsTheEditAndCompilesOnlyWhatChanged()
    {
        Scratch.Write("scripts/Hello/Format.cs", Helper);
        var source = Scratch.Write("scripts/Hello/Hello.cs", Plugin("Hello"));
        var finder = SourceFinder();
        using var runtime = new TestRuntime().Finder(finder).Build();
        runtime.Import("Hello");

        Assert.That((await runtime.UnloadAsync("Hello"))!.Collected, Is.True);
        runtime.Import("Hello");
        var compilationsUnchanged = finder.Compilations;

        File.WriteAllText(source, Plugin("Howdy"));
        await runtime.UnloadAsync("Hello");
        var edited = runtime.Import("Hello");

        Assert.That(compilationsUnchanged, Is.EqualTo(1), "an unchanged source must come from the cache");
        Assert.That(finder.Compilations, Is.EqualTo(2));
        Assert.That(edited.Generation, Is.EqualTo(3));
        Assert.That(runtime.Registry.Invoke("hello", "edit"), Is.EqualTo("Howdy, edit!"));
    }

    [Test]
    public void Import_UnchangedSourceInANewRuntime_ComesFromTheDiskCache()
    {
        Scratch.Write("scripts/Hello/Hello.cs", Plugin("Hello"));
        Scratch.Write("scripts/Hello/Format.cs", Helper);
        using (var first = new TestRuntime().Finder(SourceFinder()).Build())
        {
            first.Import("Hello");
        }

        var finder = SourceFinder();
        using var second = new TestRuntime().Finder(finder).Build();
        second.Import("Hello");

        Assert.That(finder.Compilations, Is.Zero);
        Assert.That(second.Registry.Invoke("hello", "again"), Is.EqualTo("Hello, again!"));
    }

    [Test]
    public async Task Run_SourcePathsInToml_ImportsTheSourcePlugin()
    {
        Scratch.Write("scripts/Hello/Hello.cs", Plugin("Hello"));
        Scratch.Write("scripts/Hello/Format.cs", Helper);
        var toml = Scratch.Write("plugins.toml", """
            source_paths = ["scripts"]
            plugins = ["Hello"]
            """);

        var (exitCode, output, error) = await CliRunner.RunAsync("run", toml, "--input", "TOML");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("(csharp-source)").And.Contain("-> Hello, TOML!"));
    }

    [Test]
    public void Import_PluginConstructorThrows_NamesThePluginItsClassAndWhatItThrewAndTheOthersStillLoad()
    {
        Scratch.Write("scripts/Broken/Broken.cs", """
            namespace Scripted;

            public sealed class Broken : IPlugin
            {
                public Broken() => throw new InvalidOperationException("no configuration file");

                public void Register(IPluginContext context) { }
            }
            """);
        Scratch.Write("scripts/Hello/Hello.cs", Plugin("Hello"));
        Scratch.Write("scripts/Hello/Format.cs", Helper);
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Broken"))!;
        runtime.Import("Hello");

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.CreateFailed));
        Assert.That(error.Message, Is.EqualTo(
            "The plugin 'Broken' could not create its Scripted.Broken: no configuration file. Give it a public parameterless constructor that does not throw."));
        Assert.That(runtime.TryGetLoaded("Broken", out _), Is.False);
        Assert.That(runtime.Registry.Invoke("hello", "still"), Is.EqualTo("Hello, still!"));
    }
}
