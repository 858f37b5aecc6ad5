using PluginHost.CSharp;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Registration;

/// <summary>The registry's rules, exercised by real plugins compiled from C# sources in the test's scratch folder.</summary>
[TestFixture]
public sealed class PluginRegistryTests : ScratchFixture
{
    [Test]
    public void AddCommand_NameAnotherPluginOwns_FailsTheSecondPluginNamingBoth()
    {
        WriteScripts(("First", Plugin("""context.Registry.AddCommand("shared", "First's.", _ => "first");""")),
                     ("Second", Plugin("""context.Registry.AddCommand("shared", "Second's.", _ => "second");""")));
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();
        runtime.Import("First");

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Second"))!;

        Assert.That(error.InnerException!.Message, Is.EqualTo(
            "The plugin 'Second' cannot register the command 'shared': the plugin 'First' registered it already. Rename one of the commands."));
        Assert.That(runtime.Registry.Invoke("shared", ""), Is.EqualTo("first"));
    }

    [Test]
    public void AddCommand_AfterRegisterReturned_IsRefusedWithWhatToDo()
    {
        WriteScripts(("Late", Plugin("""
            context.Registry.AddCommand("late.add", "Registers another command, too late.", _ =>
            {
                context.Registry.AddCommand("late.extra", "Never.", _ => "never");
                return "added";
            });
            """)));
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();
        runtime.Import("Late");

        var error = Assert.Throws<InvalidOperationException>(() => runtime.Registry.Invoke("late.add", ""))!;

        Assert.That(error.Message, Is.EqualTo(
            "The plugin 'Late' tried to register the command 'late.extra' after its Register() returned. Register everything inside Register()."));
        Assert.That(runtime.Registry.FindCommand("late.extra"), Is.Null);
    }

    [Test]
    public void AddCommand_NameWithWhiteSpace_FailsThePluginWithTheRule()
    {
        WriteScripts(("Spacey", Plugin("""context.Registry.AddCommand("two words", "Bad name.", _ => "");""")));
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Spacey"))!;

        Assert.That(error.InnerException, Is.TypeOf<ArgumentException>());
        Assert.That(error.InnerException!.Message, Does.StartWith(
            "'two words' is not a valid command name: use letters, digits, '.', '_' and '-' with no white space."));
    }

    [Test]
    public void Invoke_UnknownCommand_ListsTheRegisteredOnes()
    {
        WriteScripts(("Known", Plugin("""context.Registry.AddCommand("known", "Known.", _ => "");""")));
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();
        runtime.Import("Known");

        var error = Assert.Throws<KeyNotFoundException>(() => runtime.Registry.Invoke("unknown", ""))!;

        Assert.That(error.Message, Is.EqualTo("No loaded plugin registered a command named 'unknown'. Registered commands: known."));
    }

    [Test]
    public void Invoke_NothingRegistered_SaysSo()
    {
        using var runtime = new TestRuntime().Finder(SourceFinder()).Build();

        Assert.That(() => runtime.Registry.Invoke("any", ""), Throws.TypeOf<KeyNotFoundException>()
            .With.Message.EqualTo("No loaded plugin registered a command named 'any'. No commands are registered."));
    }

    private static string Plugin(string body) => $$"""
        public sealed class ThePlugin : IPlugin
        {
            public void Register(IPluginContext context)
            {
                {{body}}
            }
        }
        """;

    private void WriteScripts(params (string Name, string Source)[] plugins)
    {
        foreach (var (name, source) in plugins)
        {
            Scratch.Write($"scripts/{name}.cs", source);
        }
    }

    private CSharpSourceFinder SourceFinder() => new(new CSharpSourceOptions
    {
        SourcePaths = [Path.Combine(Scratch.Path, "scripts")],
        CacheDirectory = Path.Combine(Scratch.Path, "cache"),
    });
}
