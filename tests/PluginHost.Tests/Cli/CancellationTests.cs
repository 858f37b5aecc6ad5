using PluginHost.Cli;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Cli;

/// <summary>
/// Ctrl+C or SIGTERM (the token Program cancels on either) stops every command within its shutdown grace,
/// whatever the plugins are doing: a Register() that never returns is abandoned, the rest is released,
/// and no stack trace is printed.
/// </summary>
[TestFixture]
public sealed class CancellationTests : ScratchFixture
{
    private static readonly TimeSpan s_grace = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    private string _started = null!;
    private string _release = null!;

    [SetUp]
    public void Files()
    {
        _started = Path.Combine(Scratch.Path, "started");
        _release = Path.Combine(Scratch.Path, "release");
    }

    // The abandoned Register() returns once its release file exists, so no thread outlives the test.
    [TearDown]
    public void Release() => File.WriteAllText(_release, "go");

    [TestCase("run", 130)]
    [TestCase("watch", 130)]
    public async Task Command_CancelledDuringAHungRegister_AbandonsItReleasesTheOthersAndExitsWithinTheGrace(string command, int expectedExit)
    {
        var marker = Path.Combine(Scratch.Path, "disposed.txt");
        var config = WriteConfiguration(marker);
        using var output = new LockedStringWriter();
        using var error = new LockedStringWriter();
        using var signal = new CancellationTokenSource();

        var running = CliApplication.InvokeAsync([command, config, "--quiet"], output, error, signal.Token, s_grace);
        await WaitFor(() => File.Exists(_started), running);
        await signal.CancelAsync();
        var exitCode = await running.WaitAsync(s_bound);

        Assert.That(exitCode, Is.EqualTo(expectedExit), error.ToString());
        Assert.That(error.ToString(), Does.Contain(
            "warning: the plugin 'HangingPlugin' had not returned from Register() when the host was stopped; it was abandoned, not unloaded. Its thread ends with the process. Fix the plugin's Register() so it returns."));
        Assert.That(error.ToString(), Does.EndWith(CliMessages.Cancelled + Environment.NewLine));
        Assert.That(error.ToString(), Does.Not.Contain("   at "));
        Assert.That(File.ReadAllText(marker), Is.EqualTo("disposed v1\n"), "the plugin loaded before the hung one was disposed");
    }

    [Test]
    public async Task Watch_CancelledWhileAReloadHangsInRegister_StopsWithinTheGraceSayingWhatDidNotFinish()
    {
        File.WriteAllText(_release, "loaded at once");
        var config = WriteConfiguration(Path.Combine(Scratch.Path, "disposed.txt"), debounceMs: 20);
        using var output = new LockedStringWriter();
        using var error = new LockedStringWriter();
        using var signal = new CancellationTokenSource();

        var watching = CliApplication.InvokeAsync(["watch", config, "--quiet"], output, error, signal.Token, s_grace);
        await WaitFor(() => output.ToString().Contains("Watching 2 plugins", StringComparison.Ordinal), watching);
        File.Delete(_started);
        File.Delete(_release);
        var dll = Path.Combine(Scratch.Path, "plugins", FixturePlugins.Hanging, FixturePlugins.Hanging + ".dll");
        File.Copy(dll, dll + ".tmp");
        File.SetLastWriteTimeUtc(dll + ".tmp", DateTime.UtcNow); // a rebuild's time: the same bytes at the same time are no change
        File.Move(dll + ".tmp", dll, overwrite: true);
        await WaitFor(() => File.Exists(_started), watching);
        await signal.CancelAsync();
        var exitCode = await watching.WaitAsync(s_bound);

        Assert.That(exitCode, Is.EqualTo(130), error.ToString());
        Assert.That(error.ToString(), Does.Contain(
            "warning: releasing the plugins took longer than 0.3 s, so the host stopped without waiting for the rest. A plugin's Dispose() or a reload in progress did not finish."));
        Assert.That(error.ToString(), Does.Not.Contain("   at "));
    }

    private string WriteConfiguration(string marker, int debounceMs = 50)
    {
        var searchPath = Path.Combine(Scratch.Path, "plugins");
        Directory.CreateDirectory(searchPath);
        VersionedBuilds.Deploy(VersionedBuilds.V1, searchPath);
        FixturePlugins.CopyToSearchPath(new FixedDirectory(searchPath), FixturePlugins.Hanging);
        return Scratch.Write("host.toml", $$"""
            search_paths = ["plugins"]
            plugins = [
              { name = "Versioned", settings = { dispose_marker = '{{marker}}' } },
              { name = "HangingPlugin", settings = { started = '{{_started}}', release = '{{_release}}' } },
            ]

            [hot_reload]
            debounce_ms = {{debounceMs}}
            """);
    }

    private static async Task WaitFor(Func<bool> condition, Task<int> command)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.That(command.IsCompleted, Is.False, "the command stopped early");
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting");
            await Task.Delay(10);
        }
    }
}
