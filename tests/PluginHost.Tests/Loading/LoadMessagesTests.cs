using Mono.Cecil;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Loading;

/// <summary>What an import says when the file found is not the plugin it claims to be.</summary>
[TestFixture]
public sealed class LoadMessagesTests : ScratchFixture
{
    // Production mode reads only the entry assembly's headers and metadata (the runtime maps the file itself),
    // development mode the whole file (it loads from the bytes): both must judge a file alike.
    [TestCase(RuntimeMode.Development)]
    [TestCase(RuntimeMode.Production)]
    public void Import_ReferenceAssembly_SaysItIsAReferenceAssemblyAndWhereTheRealOneIs(RuntimeMode mode)
    {
        var file = CopyFixtureAs("CountingPlugin", module => module.Assembly.CustomAttributes.Add(new CustomAttribute(
            module.ImportReference(typeof(System.Runtime.CompilerServices.ReferenceAssemblyAttribute).GetConstructor(Type.EmptyTypes)))));
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Mode(mode).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("CountingPlugin"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(error.Message, Is.EqualTo(
            $"The plugin 'CountingPlugin' at '{file}' is a reference assembly of 'CountingPlugin': it describes the public types but has no code, so it cannot run. "
            + "Point the host at the built assembly (the project's bin output or its deployed folder), not at obj/.../ref/."));
    }

    [TestCase(RuntimeMode.Development)]
    [TestCase(RuntimeMode.Production)]
    public void Import_TextFileNamedLikeThePlugin_SaysItIsNotAnAssemblyAndLoadsNothing(RuntimeMode mode)
    {
        var folder = Path.Combine(Scratch.Path, "Stray");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "Stray.dll");
        File.WriteAllText(file, "not a portable executable, just text that is long enough to have a header's worth of bytes in it");
        using var runtime = new TestRuntime().SearchPaths(Scratch.Path).Mode(mode).Build();

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Stray"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.NotAnAssembly));
        Assert.That(error.Message, Does.StartWith($"The plugin 'Stray' at '{file}' is not a .NET assembly (").And.EndWith("). Rebuild the plugin, or remove the stray file."));
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Import_FileRenamedToAnotherPluginName_IsRefusedNamingBoth()
    {
        var folder = Path.Combine(Scratch.Path, "Renamed");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "Renamed.dll");
        File.Copy(Path.Combine(FixturePlugins.FolderOf(FixturePlugins.Counting), FixturePlugins.Counting + ".dll"), file);
        using var runtime = TestRuntime.Create(Scratch.Path);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import("Renamed"))!;

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.AssemblyNameMismatch));
        Assert.That(error.Message, Is.EqualTo(
            $"The plugin 'Renamed' at '{file}' is the assembly 'CountingPlugin', not 'Renamed', so it was not loaded. "
            + "A renamed or misplaced file would run under a name that is not its own: build the plugin with <AssemblyName>Renamed</AssemblyName>, "
            + "or name the file by its assembly (CountingPlugin.dll) and import it as 'CountingPlugin'."));
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Import_ManifestEntryNamingTheFile_LoadsWhenTheAssemblyMatchesThatFile()
    {
        FixturePlugins.AddManifestPlugin(Scratch.Path, "Greeter");
        using var runtime = TestRuntime.Create(Scratch.Path);

        Assert.That(runtime.Import("Greeter").Origin, Does.EndWith("ManifestPlugin.dll"));
    }

    private string CopyFixtureAs(string name, Action<ModuleDefinition> change)
    {
        var folder = Path.Combine(Scratch.Path, name);
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf(FixturePlugins.Counting), folder);
        var file = Path.Combine(folder, name + ".dll");
        var source = Path.Combine(FixturePlugins.FolderOf(FixturePlugins.Counting), FixturePlugins.Counting + ".dll");
        using (var module = ModuleDefinition.ReadModule(source))
        {
            change(module);
            module.Write(file);
        }

        return file;
    }
}
