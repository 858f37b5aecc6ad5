using System.Globalization;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Templates;

/// <summary>
/// The templates as a user meets them, end to end: the packages packed into a local feed, the templates
/// installed from it, a host and a plugin made in a folder outside the repository and built against the
/// packages only, the host run with hot reload, the plugin changed and rebuilt while it runs, and the
/// host stopped. 45 s alone on the 2-core machine, most of it the pack (about 30 s) and three builds.
/// </summary>
[TestFixture]
[Category("Packaging")]
[Platform(Exclude = "Win", Reason = "Stops the host with SIGTERM (kill(1)), as a service manager or Ctrl+C does.")]
public sealed class TemplatePackageTests
{
    // Deadlines only: each wait ends as soon as its command does. Generous, for a loaded 2-core machine.
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_outputDeadline = TimeSpan.FromMinutes(2);

    // What the template flow installs. Not the CLI tool: packing it builds the sample plugins, which deploy
    // into the repository's own sample folders while other tests read them.
    private static readonly string[] s_packedProjects =
    [
        "src/PluginHost.Abstractions/PluginHost.Abstractions.csproj",
        "src/PluginHost/PluginHost.csproj",
        "src/PluginHost.Hosting/PluginHost.Hosting.csproj",
        "src/PluginHost.Plugin.Sdk/PluginHost.Plugin.Sdk.csproj",
        "src/PluginHost.Templates/PluginHost.Templates.csproj",
    ];

    [Test]
    public async Task NewHostAndPlugin_FromThePackedTemplates_RunOnThePackagesAndReloadTheRebuiltPlugin()
    {
        using var temp = new TempDirectory();

        // A version no cache can hold already, so everything below uses exactly the packages packed here.
        var version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var feed = await PackAsync(temp, version);

        // Installed into a hive of the test's own, so the user's template list never sees it.
        var hive = Path.Combine(temp.Path, "hive");
        await DotnetAsync(temp.Path, "new", "install", Path.Combine(feed, $"PluginHost.Templates.{version}.nupkg"), "--debug:custom-hive", hive);

        // The user's folder: NuGet.config names the feed; Microsoft.* packages come from the machine's cache.
        var work = Path.Combine(temp.Path, "work");
        WriteNuGetConfig(work, feed, Path.Combine(temp.Path, "packages"));
        await DotnetAsync(work, "new", "pluginhost-host", "-n", "Shop", "--plugin", "Hola", "--no-update-check", "--debug:custom-hive", hive);
        var solution = Path.Combine(work, "Shop");
        await DotnetAsync(solution, "new", "pluginhost-plugin", "-n", "Hola", "--host", "Shop", "--no-update-check", "--debug:custom-hive", hive);

        // The plugin builds into the host's plugins folder, with nothing of what the host shares beside it.
        var pluginBuild = await DotnetAsync(solution, "build", "Hola", "-nologo");
        Assert.That(pluginBuild, Does.Not.Contain("warning"));
        var pluginFolder = Path.Combine(solution, "Shop", "plugins", "Hola");
        var pluginFiles = Directory.GetFiles(pluginFolder).Select(Path.GetFileName);
        Assert.That(pluginFiles, Does.Contain("Hola.dll").And.Contain("Hola.deps.json"));
        Assert.That(pluginFiles, Has.None.StartsWith("PluginHost.").And.None.StartsWith("Serilog").And.None.StartsWith("Shop."));

        // The host, against the packages only; the plugin folder stays out of its output.
        var hostBuild = await DotnetAsync(solution, "build", "-nologo");
        Assert.That(hostBuild, Does.Not.Contain("warning"));
        Assert.That(Path.Combine(solution, "Shop", "bin", "Debug", "net10.0", "plugins"), Does.Not.Exist);

        // `dotnet run` uses the template's launch profile: Development, so hot reload is on.
        using var host = RunningCommand.Start(solution, "run", "--project", "Shop", "--no-build");
        await host.WaitForLineAsync("Hola says: Hello, world!", s_outputDeadline);

        var source = Path.Combine(solution, "Hola", "HolaPlugin.cs");
        await File.WriteAllTextAsync(source, (await File.ReadAllTextAsync(source)).Replace("$\"Hello, {name}!\"", "$\"Hola, {name}!\"", StringComparison.Ordinal));
        await DotnetAsync(solution, "build", "Hola", "-nologo");
        await host.WaitForLineAsync("Reloaded Hola generation 1 -> 2", s_outputDeadline);
        await host.WaitForLineAsync("Hola says: Hola, world!", s_outputDeadline);

        var exitCode = await host.StopAsync(s_outputDeadline);
        Assert.That(exitCode, Is.Zero, host.Output);
        Assert.That(host.Output, Does.Contain("Unloaded 1 plugins"));
        Assert.That(host.Output, Does.Not.Contain("warn:").And.Not.Contain("fail:").And.Not.Contain("crit:"));
    }

    // One `dotnet pack` of a solution filter naming the packages, with outputs of its own so the repository's builds are untouched.
    private static async Task<string> PackAsync(TempDirectory temp, string version)
    {
        var projects = string.Join(",\n", s_packedProjects.Select(p => $"      \"{p.Replace("/", "\\\\", StringComparison.Ordinal)}\""));
        var filter = temp.Write("packages.slnf", $$"""
            {
              "solution": {
                "path": "{{Path.Combine(FixturePlugins.RepoRoot, "PluginHost.sln").Replace("\\", "/", StringComparison.Ordinal)}}",
                "projects": [
            {{projects}}
                ]
              }
            }
            """);
        var feed = Path.Combine(temp.Path, "feed");

        // No analyzers: the suite's own build ran them on these sources, and they change nothing in a package (half the pack's time).
        await DotnetAsync(temp.Path, "pack", filter, "-nologo", "-v", "q", "-o", feed, "--artifacts-path", Path.Combine(temp.Path, "build"), $"-p:Version={version}", "-p:RunAnalyzers=false");
        return feed;
    }

    private static void WriteNuGetConfig(string folder, string feed, string packages)
    {
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{packages}" /></config>
              <packageSources><add key="pluginhost-e2e" value="{feed}" /></packageSources>
              <fallbackPackageFolders><add key="user" value="{userPackages}" /></fallbackPackageFolders>
            </configuration>
            """);
    }

    private static async Task<string> DotnetAsync(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = await DotnetCommand.RunAsync(workingDirectory, s_commandTimeout, args);
        Assert.That(exitCode, Is.Zero, $"dotnet {string.Join(' ', args)}:\n{output}");
        return output;
    }
}
