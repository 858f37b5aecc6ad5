using System.Globalization;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.PluginSdk;

/// <summary>
/// PluginHost.Plugin.Sdk as a user gets it: packed into a local feed, referenced from a plugin project
/// in a folder outside the repository, built with the dotnet CLI, and the result loaded by a host.
/// Runs in CI with the rest of the suite (about half a minute: two packs and two small builds).
/// </summary>
[TestFixture]
[Category("Packaging")]
public sealed class PluginSdkPackageTests : ScratchFixture
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(3);

    // A version no cache can hold already, so the builds use exactly the packages packed here.
    private readonly string _version = "0.0.0-sdktest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
    private TempDirectory? _packed;

    private string Feed => Path.Combine(_packed!.Path, "feed");

    // The abstractions and the SDK package, packed once, with outputs of their own so the repository's builds are untouched.
    [OneTimeSetUp]
    public async Task PackOnce()
    {
        _packed = new TempDirectory();
        foreach (var project in new[] { "src/PluginHost.Abstractions", "src/PluginHost.Plugin.Sdk" })
        {
            var (exitCode, output) = await DotnetCommand.RunAsync(FixturePlugins.RepoRoot, s_commandTimeout,
                "pack", project, "-nologo", "-v", "q", "-o", Feed, "--artifacts-path", Path.Combine(_packed.Path, "build"), $"-p:Version={_version}");
            Assert.That(exitCode, Is.Zero, output);
        }
    }

    [OneTimeTearDown]
    public void RemovePackages() => _packed?.Dispose();

    [Test]
    public async Task Build_PluginReferencingTheSdkPackage_IsLoadableAndCopiesNothingTheHostShares()
    {
        var project = WritePlugin("Hello", string.Empty);

        var (exitCode, output) = await DotnetCommand.RunAsync(project, s_commandTimeout, "build", "-nologo", "-o", Path.Combine(Scratch.Path, "plugins", "Hello"));

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Not.Contain("PHSDK"));
        var files = Directory.GetFiles(Path.Combine(Scratch.Path, "plugins", "Hello")).Select(Path.GetFileName);
        Assert.That(files, Does.Contain("Hello.dll").And.Contain("Hello.deps.json"));
        Assert.That(files, Has.None.StartsWith("PluginHost.").And.None.StartsWith("Serilog"));
        using var runtime = TestRuntime.Create(Path.Combine(Scratch.Path, "plugins"));
        runtime.Import("Hello");
        Assert.That(runtime.Registry.Invoke("hello", "SDK"), Is.EqualTo("Hello, SDK!"));
    }

    [Test]
    public async Task Build_PluginWithContrarySettings_WarnsNamingEachSetting()
    {
        var project = WritePlugin("Contrary", """
              <PropertyGroup>
                <EnableDynamicLoading>false</EnableDynamicLoading>
              </PropertyGroup>
              <ItemGroup>
                <PluginSharedContract Include="MyApp.Contracts" />
              </ItemGroup>
            """);

        var (exitCode, output) = await DotnetCommand.RunAsync(project, s_commandTimeout, "build", "-nologo");

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("warning PHSDK001: EnableDynamicLoading is 'false' in Contrary.csproj"));
        Assert.That(output, Does.Contain("warning PHSDK004: PluginSharedContract 'MyApp.Contracts' in Contrary.csproj names no assembly the project references."));
    }

    // A plugin project as a user writes it: one csproj and one class, restored from the local feed.
    private string WritePlugin(string name, string extra)
    {
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Scratch.Write($"{name}/NuGet.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(Scratch.Path, "packages")}" /></config>
              <packageSources><add key="local" value="{Feed}" /></packageSources>
              <fallbackPackageFolders><add key="user" value="{userPackages}" /></fallbackPackageFolders>
            </configuration>
            """);
        Scratch.Write($"{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PluginHost.Plugin.Sdk" Version="{_version}" />
              </ItemGroup>
            {extra}
            </Project>
            """);
        Scratch.Write($"{name}/{name}Plugin.cs", $$"""
            namespace {{name}};

            public sealed class {{name}}Plugin : IPlugin
            {
                public void Register(IPluginContext context) =>
                    context.Registry.AddCommand("hello", "Greets.", who => $"Hello, {who}!");
            }
            """);
        return Path.Combine(Scratch.Path, name);
    }
}
