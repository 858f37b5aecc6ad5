using System.Diagnostics;
using System.Reflection;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Samples;

/// <summary>The TextApp sample host (plugins-sample/TextApp), run as its own process the way the README runs it.</summary>
[TestFixture]
public sealed class TextAppTests
{
    private static readonly string s_sampleFolder = Path.Combine(FixturePlugins.RepoRoot, "plugins-sample", "TextApp");

    private static readonly string s_textApp =
        typeof(TextAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TextAppPath").Value!;

    [Test]
    public async Task Run_HelloPlugins_PrintsEveryPluginsTransformThenTheNamedHandlesRoundTrip()
    {
        var (exitCode, output, error) = await RunAsync(s_sampleFolder, "Hello, plugins");

        Assert.That(error, Is.Empty);
        Assert.That(exitCode, Is.Zero);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "3 transforms of \"Hello, plugins\":",
            "  upper  HELLO, PLUGINS",
            "  rot13  Uryyb, cyhtvaf",
            "  leet   H3ll0, plug1n5",
            "rot13 twice: Hello, plugins",
        }));
    }

    [Test]
    public async Task Run_NoLoggingConfigured_TheRuntimesErrorStillReachesStandardError()
    {
        // TextApp gives the runtime no logger and never configures Serilog: the library's own error line
        // (beside TextApp's "error:" line) must reach stderr instead of Serilog's silent default logger.
        using var folder = new TempDirectory();
        var toml = Path.Combine(folder.Path, "missing.toml");
        File.WriteAllText(toml, $"search_paths = [\"{Path.Combine(s_sampleFolder, "bin").Replace("\\", "/", StringComparison.Ordinal)}\"]\nshared_assemblies = [\"TextApp.Contracts\"]\nplugins = [\"Upper\", \"Absent\"]\n");

        var (exitCode, _, error) = await RunAsync(s_sampleFolder, "--config", toml, "Hi");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Match(@"(?m)^\[\d\d:\d\d:\d\d ERR\] PluginHost: Plugin Absent failed to import \(""NotFound""\): No plugin named 'Absent' was found\."));
        Assert.That(error, Does.Contain("error: "));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Sends SIGINT with kill(1), as Ctrl+C does in a terminal.")]
    public async Task Watch_APluginIsRebuilt_PrintsTheTransformsAgainAndCtrlCExitsZero()
    {
        // A copy of the sample's folder, so rewriting a plugin never touches the repository's build.
        using var sample = new TempDirectory();
        FixturePlugins.CopyFolder(Path.Combine(s_sampleFolder, "bin"), Path.Combine(sample.Path, "bin"));
        File.Copy(Path.Combine(s_sampleFolder, "textapp.toml"), Path.Combine(sample.Path, "textapp.toml"));
        using var process = Process.Start(StartInfo(sample.Path, "--watch", "Hi"))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            var started = await ReadUntilAsync(process.StandardOutput, "Watching the plugins: rebuild one to reload it, Ctrl+C to stop.", timeout.Token);
            Assert.That(started, Does.Contain("  upper  HI"));

            // The same bytes written again, as a rebuild would: Upper reloads, and the set raises Changed.
            var upper = Path.Combine(sample.Path, "bin", "Upper", "Upper.dll");
            await File.WriteAllBytesAsync(upper, await File.ReadAllBytesAsync(upper, timeout.Token), timeout.Token);
            await ReadUntilAsync(process.StandardOutput, "The transforms changed:", timeout.Token);
            var reprinted = await ReadUntilAsync(process.StandardOutput, "rot13 twice: Hi", timeout.Token);
            Assert.That(reprinted, Is.EqualTo(new[] { "3 transforms of \"Hi\":", "  upper  HI", "  rot13  Uv", "  leet   H1", "rot13 twice: Hi" }));

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            Assert.That(process.ExitCode, Is.Zero, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    // Reads lines up to and including the one that is <paramref name="last"/>.
    private static async Task<List<string>> ReadUntilAsync(StreamReader reader, string last, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (line == last)
            {
                return lines;
            }
        }

        throw new AssertionException($"TextApp ended its output before \"{last}\"; it printed:\n{string.Join('\n', lines)}");
    }

    // `dotnet TextApp.dll TEXT` in the sample's folder, where `dotnet run` starts it (RunWorkingDirectory).
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await output).Replace("\r", string.Empty, StringComparison.Ordinal), await error);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost(), [s_textApp, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("PLUGINHOST_PATH");
        return start;
    }

    // The dotnet that runs the tests, so the sample runs on the same SDK's runtime.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
