using System.Runtime.InteropServices;
using System.Runtime.Loader;
using PluginHost.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Loading;

/// <summary>
/// A plugin built with <c>&lt;FrameworkReference Include="Microsoft.AspNetCore.App" /&gt;</c> in a host that
/// runs on Microsoft.NETCore.App only (this test host): the framework comes from the dotnet root into the
/// default context, or the import fails naming it.
/// </summary>
[TestFixture]
public sealed class SharedFrameworksTests : ScratchFixture
{
    private const string AspNetCoreAssembly = "Microsoft.AspNetCore.Http.Abstractions";

    // <dotnet root>/shared, found independently of the code under test.
    private static string FrameworksDirectory => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", ".."));

    [Test]
    public void TestHost_RunsOnTheRuntimeFrameworkOnly_SoTheseTestsMeanSomething()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);

        Assert.That(trusted, Has.None.Contains(Path.Combine("shared", "Microsoft.AspNetCore.App")));
        Assert.That(trusted.Select(Path.GetFileNameWithoutExtension), Has.None.EqualTo(AspNetCoreAssembly));
    }

    [Test]
    public void Import_PluginOnAspNetCore_CommandWorksOnFirstCall()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.Root);

        var plugin = runtime.Import(FixturePlugins.AspNetCore);
        var result = runtime.Registry.Invoke("aspnet.query", "b=2&a=x y&a=1");

        Assert.That(plugin.State, Is.EqualTo(PluginState.Ready));
        Assert.That(result, Is.EqualTo("/echo?a=x%20y&a=1&b=2"));
    }

    [Test]
    public void Import_PluginOnAspNetCore_FrameworkAssembliesLoadIntoTheDefaultContextNotThePlugins()
    {
        using var runtime = TestRuntime.Create(FixturePlugins.Root);

        runtime.Import(FixturePlugins.AspNetCore);
        runtime.Registry.Invoke("aspnet.query", "a=1");
        runtime.TryGetLoaded(FixturePlugins.AspNetCore, out var plugin);
        var pluginContext = AssemblyLoadContext.GetLoadContext(plugin!.Instance.GetType().Assembly)!;

        var inDefault = AssemblyLoadContext.Default.Assemblies.Where(a => a.GetName().Name == AspNetCoreAssembly).ToList();
        Assert.That(inDefault, Has.Count.EqualTo(1));
        Assert.That(Path.GetDirectoryName(inDefault[0].Location), Does.StartWith(Path.Combine(FrameworksDirectory, "Microsoft.AspNetCore.App") + Path.DirectorySeparatorChar));
        Assert.That(pluginContext.Assemblies.Select(a => a.GetName().Name), Is.EqualTo(new[] { FixturePlugins.AspNetCore }));
    }

    [Test]
    public void Import_TwoCopiesOnAspNetCore_ShareOneFrameworkCopy()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.AspNetCore);
        var second = Path.Combine(searchPath, "Second");
        FixturePlugins.CopyFolder(Path.Combine(searchPath, FixturePlugins.AspNetCore), second);
        File.WriteAllText(Path.Combine(second, "plugin.toml"), $"entry = \"{FixturePlugins.AspNetCore}.dll\"\n");
        using var first = TestRuntime.Create(searchPath);
        using var other = TestRuntime.Create(searchPath);

        first.Import(FixturePlugins.AspNetCore);
        other.Import("Second");

        Assert.That(first.Registry.Invoke("aspnet.query", "a=1"), Is.EqualTo(other.Registry.Invoke("aspnet.query", "a=1")));
        Assert.That(AssemblyLoadContext.Default.Assemblies.Count(a => a.GetName().Name == AspNetCoreAssembly), Is.EqualTo(1));
    }

    [Test]
    public async Task Unload_PluginOnAspNetCore_IsCollectedWhileTheFrameworkStays()
    {
        await using var runtime = TestRuntime.Create(FixturePlugins.Root);
        runtime.Import(FixturePlugins.AspNetCore);
        runtime.Registry.Invoke("aspnet.query", "a=1");
        var context = Unloading.ContextOf(runtime, FixturePlugins.AspNetCore);

        var result = await runtime.UnloadAsync(FixturePlugins.AspNetCore);

        Assert.That(result!.Collected, Is.True, "the runtime's own verification");
        Assert.That(Unloading.IsCollected(context), Is.True, "the test's independent check");
        Assert.That(AssemblyLoadContext.Default.Assemblies.Select(a => a.GetName().Name), Has.Member(AspNetCoreAssembly));
    }

    [Test]
    public void Import_FrameworkNotInstalled_FailsAtImportNamingTheFrameworkAndWhatToDo()
    {
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.Counting);
        var runtimeConfig = Path.Combine(searchPath, FixturePlugins.Counting, FixturePlugins.Counting + ".runtimeconfig.json");
        File.WriteAllText(runtimeConfig, """
            {
              "runtimeOptions": {
                "tfm": "net10.0",
                "frameworks": [
                  { "name": "Microsoft.NETCore.App", "version": "10.0.0" },
                  { "name": "Microsoft.Nonexistent.App", "version": "9.9.9" }
                ]
              }
            }
            """);
        using var runtime = TestRuntime.Create(searchPath);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.Counting));

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.FrameworkMissing));
        Assert.That(error.Origin, Is.EqualTo(Path.Combine(searchPath, FixturePlugins.Counting, FixturePlugins.Counting + ".dll")));
        Assert.That(error.Message, Is.EqualTo(
            $"The plugin 'CountingPlugin' needs the shared framework Microsoft.Nonexistent.App 9.9.9 (named in '{runtimeConfig}'), which the host does not run on, "
            + $"and no compatible version is installed in '{Path.Combine(FrameworksDirectory, "Microsoft.Nonexistent.App")}': no version of it is installed. "
            + "Install the Microsoft.Nonexistent.App runtime 9.9.9 or a later 9.x on this machine, or build the plugin against a version that is installed."));
        Assert.That(runtime.Loaded, Is.Empty);
    }

    [Test]
    public void Import_OnlyAnOlderMajorInstalled_FailsListingWhatIsInstalled()
    {
        var installed = Directory.EnumerateDirectories(Path.Combine(FrameworksDirectory, "Microsoft.AspNetCore.App")).Select(Path.GetFileName).Order().ToList();
        var searchPath = FixturePlugins.CopyToSearchPath(Scratch, FixturePlugins.AspNetCore);
        var runtimeConfig = Path.Combine(searchPath, FixturePlugins.AspNetCore, FixturePlugins.AspNetCore + ".runtimeconfig.json");
        File.WriteAllText(runtimeConfig, """{ "runtimeOptions": { "framework": { "name": "Microsoft.AspNetCore.App", "version": "99.0.0" } } }""");
        using var runtime = TestRuntime.Create(searchPath);

        var error = Assert.Throws<PluginImportException>(() => runtime.Import(FixturePlugins.AspNetCore));

        Assert.That(error.Failure, Is.EqualTo(ImportFailure.FrameworkMissing));
        Assert.That(error.Message, Does.Contain($"installed are {string.Join(", ", installed)}. Install the Microsoft.AspNetCore.App runtime 99.0.0 or a later 99.x"));
    }
}
