using PluginHost.Cli;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Cli;

[TestFixture]
public sealed class WatchCommandTests
{
    [Test]
    public async Task Watch_PluginRebuilt_PrintsOneLinePerReloadAndCtrlCExitsZero()
    {
        using var scratch = new TempDirectory();
        var searchPath = Directory.CreateDirectory(Path.Combine(scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, searchPath);

        // watch always runs in development mode, whatever the configuration's mode says.
        var config = scratch.Write("host.toml", "mode = \"production\"\nsearch_paths = [\"plugins\"]\nplugins = [\"Versioned\"]\n\n[hot_reload]\ndebounce_ms = 100\n");
        using var output = new LockedStringWriter();
        using var error = new LockedStringWriter();
        using var ctrlC = new CancellationTokenSource();

        var watch = CliApplication.InvokeAsync(["watch", config, "--quiet"], output, error, ctrlC.Token);
        await WaitFor(() => output.ToString().Contains("Watching 1 plugins for changes, and host.toml for edits (a complete build reloads at once, other changes after 100 ms quiet)", StringComparison.Ordinal), watch);
        Assert.That(output.ToString(), Does.Contain("versioned.version (Versioned)").And.Contain("-> v1"));

        VersionedBuilds.Deploy(VersionedBuilds.V2, searchPath);
        await WaitFor(() => output.ToString().Contains("reloaded Versioned", StringComparison.Ordinal), watch);
        await ctrlC.CancelAsync();
        var exitCode = await watch;

        var reloadLines = output.ToString().Split(Environment.NewLine).Where(l => l.StartsWith("reloaded ", StringComparison.Ordinal)).ToList();
        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(reloadLines, Has.Count.EqualTo(1));
        Assert.That(reloadLines[0], Does.Match(@"^reloaded Versioned generation 1 -> 2 \(.+ changed\) in \d+\.\d ms; generation 1 unloaded, collection verified$"));
        Assert.That(output.ToString(), Does.EndWith("Stopped watching; every plugin generation was released." + Environment.NewLine));
    }

    [Test]
    public async Task Watch_PluginMissingAtStart_IsImportedWhenItsBuildAppearsThenReloaded()
    {
        using var scratch = new TempDirectory();
        var searchPath = Directory.CreateDirectory(Path.Combine(scratch.Path, "plugins")).FullName;
        var config = scratch.Write("host.toml", "search_paths = [\"plugins\"]\nplugins = [\"Versioned\"]\n\n[hot_reload]\ndebounce_ms = 100\n");
        using var output = new LockedStringWriter();
        using var error = new LockedStringWriter();
        using var ctrlC = new CancellationTokenSource();

        var watch = CliApplication.InvokeAsync(["watch", config, "--quiet"], output, error, ctrlC.Token);
        await WaitFor(() => output.ToString().Contains("Watching 0 plugins for changes, and for the build of 1 not loaded (Versioned) to import it, and host.toml for edits (a complete build reloads at once, other changes after 100 ms quiet)", StringComparison.Ordinal), watch);

        VersionedBuilds.Deploy(VersionedBuilds.V1, searchPath);
        await WaitFor(() => output.ToString().Contains("imported Versioned", StringComparison.Ordinal), watch);
        VersionedBuilds.Deploy(VersionedBuilds.V2, searchPath);
        await WaitFor(() => output.ToString().Contains("reloaded Versioned", StringComparison.Ordinal), watch);
        await ctrlC.CancelAsync();
        var exitCode = await watch;

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(lines.Where(l => l.StartsWith("imported ", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1)
            .And.One.Match(@"^imported Versioned generation 1 \(.+ changed\) in \d+\.\d ms; it was not loaded before and is now watched for reloads$"));
        Assert.That(lines.Where(l => l.StartsWith("import of ", StringComparison.Ordinal)),
            Has.All.Match(@"^import of Versioned failed \(.+ changed\); it is still not loaded and still watched: "), "a half-written build may be seen first");
        Assert.That(lines.Where(l => l.StartsWith("reloaded ", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1)
            .And.One.Match(@"^reloaded Versioned generation 1 -> 2 \(.+ changed\) in \d+\.\d ms; generation 1 unloaded, collection verified$"));
    }

    [Test]
    public async Task Watch_ConfigurationEdited_AppliesAValidEditAndRejectsABrokenOne()
    {
        using var scratch = new TempDirectory();
        var searchPath = Directory.CreateDirectory(Path.Combine(scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, searchPath);
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("CountingPlugin"), Path.Combine(searchPath, "CountingPlugin"));
        const string Settings = "\n[hot_reload]\ndebounce_ms = 100\n";
        var config = scratch.Write("host.toml", "search_paths = [\"plugins\"]\nplugins = [\"Versioned\"]\n" + Settings);
        using var output = new LockedStringWriter();
        using var error = new LockedStringWriter();
        using var ctrlC = new CancellationTokenSource();

        var watch = CliApplication.InvokeAsync(["watch", config, "--quiet"], output, error, ctrlC.Token);
        await WaitFor(() => output.ToString().Contains("and host.toml for edits", StringComparison.Ordinal), watch);

        scratch.Write("host.toml", "search_paths = [\"plugins\"]\nplugins = [\"CountingPlugin\"]\n" + Settings);
        await WaitFor(() => output.ToString().Contains("configuration edit applied", StringComparison.Ordinal), watch);
        scratch.Write("host.toml", "search_paths = [\"plugins\"]\nplugins = [\"CountingPlugin\", \"Versioned\"\n" + Settings);
        await WaitFor(() => output.ToString().Contains("configuration edit rejected", StringComparison.Ordinal), watch);
        await ctrlC.CancelAsync();
        var exitCode = await watch;

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(lines, Has.One.Match(@"^imported CountingPlugin generation 1 \(host\.toml changed\) in \d+\.\d ms; it was not loaded before and is now watched for reloads$"));
        Assert.That(lines, Has.One.EqualTo("configuration edit applied (host.toml changed): unloaded Versioned generation 1, collection verified; 0 reloaded and 1 imported (above)"));
        Assert.That(lines, Has.One.StartWith($"configuration edit rejected (host.toml changed); the running plugins are unchanged: The configuration file '{config}' is not valid ("));
        Assert.That(output.ToString(), Does.Contain($"{config}:4:1: This is not valid TOML: Missing a `,` (token: comma) to separate items in an array. Fix the TOML syntax at this position."));
        Assert.That(lines.Count(l => l.StartsWith("imported Versioned", StringComparison.Ordinal)), Is.Zero, "the rejected edit imported nothing");
    }

    [Test]
    public async Task Watch_ExplainLeaks_ReloadThatLeaks_PrintsTheLeakAndWhatHoldsIt()
    {
        using var scratch = new TempDirectory();
        var plugin = Path.Combine(scratch.Path, "plugins", "LeakZoo");
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("LeakZoo"), plugin);
        var config = scratch.Write("host.toml", """
            search_paths = ["plugins"]
            plugins = [{ name = "LeakZoo", settings = { leak = "process-exit" } }]

            [hot_reload]
            debounce_ms = 100
            """);
        using var output = new LockedStringWriter();
        using var error = new LockedStringWriter();
        using var ctrlC = new CancellationTokenSource();

        var watch = CliApplication.InvokeAsync(["watch", config, "--explain-leaks", "--quiet"], output, error, ctrlC.Token);
        await WaitFor(() => output.ToString().Contains("Watching 1 plugins for changes", StringComparison.Ordinal), watch);

        // A rebuild: the entry DLL written again in place, at a new time (the same bytes at the same time are no change).
        File.Copy(Path.Combine(FixturePlugins.FolderOf("LeakZoo"), "LeakZoo.dll"), Path.Combine(plugin, "LeakZoo.dll"), overwrite: true);
        File.SetLastWriteTimeUtc(Path.Combine(plugin, "LeakZoo.dll"), DateTime.UtcNow);
        // The explanation takes a snapshot of this whole test process: seconds, more on a busy 2-core runner.
        await WaitFor(() => output.ToString().Contains("(the plugin's)", StringComparison.Ordinal), watch, TimeSpan.FromSeconds(120));
        await ctrlC.CancelAsync();
        var exitCode = await watch.WaitAsync(TimeSpan.FromSeconds(30));

        var text = output.ToString();
        Assert.That(exitCode, Is.Zero, error.ToString());
        var reloadLines = text.Split(Environment.NewLine).Where(l => l.StartsWith("reloaded ", StringComparison.Ordinal)).ToList();
        Assert.That(reloadLines, Has.Count.EqualTo(1), text);
        Assert.That(reloadLines[0], Does.Match(@"^reloaded LeakZoo generation 1 -> 2 \(.+ changed\) in \d+\.\d ms; LEAK: generation 1 is still alive after \d+ GC passes; "));
        Assert.That(text, Does.Contain("LeakZoo generation 1 is kept alive by ")
            .And.Contain("1. static event AppDomain.CurrentDomain.ProcessExit")
            .And.Contain("owned by the framework (System.Private.CoreLib)")
            .And.Contain("-> LeakZoo.ProcessExitLeak  (the plugin's)"));
        Assert.That(text.IndexOf("LeakZoo generation 1 is kept alive by ", StringComparison.Ordinal), Is.GreaterThan(text.IndexOf(reloadLines[0], StringComparison.Ordinal)),
            "the explanation follows the reload line it explains");
    }

    [Test]
    public async Task Watch_BrokenConfiguration_ExitsTwo()
    {
        using var scratch = new TempDirectory();
        var config = scratch.Write("host.toml", "plugins = [\n");

        var (exitCode, _, error) = await CliRunner.RunAsync("watch", config);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"{config}:2:1"));
    }

    private static async Task WaitFor(Func<bool> condition, Task<int> watch, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.That(watch.IsCompleted, Is.False, "watch stopped early");
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting for watch output");
            await Task.Delay(10);
        }
    }
}
