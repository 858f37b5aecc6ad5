using PluginHost.Configuration;
using PluginHost.Tests.Support;
using PluginHost.Trust;

namespace PluginHost.Tests.Cli;

[TestFixture]
public sealed class LockCommandTests : ScratchFixture
{
    [Test]
    public async Task Lock_Configuration_WritesTheLockFileBesideItAndPrintsEveryFileWithItsHash()
    {
        var config = Configuration(FixturePlugins.Counting);
        var dll = Path.Combine(Scratch.Path, "plugins", FixturePlugins.Counting, FixturePlugins.Counting + ".dll");

        var (exitCode, output, error) = await CliRunner.RunAsync("lock", config, "--quiet");

        Assert.That(exitCode, Is.Zero, error);
        var lockFile = Path.Combine(Scratch.Path, "host.lock.json");
        Assert.That(File.Exists(lockFile), Is.True);
        var pins = PluginLock.Read(lockFile);
        Assert.That(pins.ConfigurationFile, Is.EqualTo(config));
        Assert.That(pins.Plugins[FixturePlugins.Counting], Does.ContainKey("CountingPlugin.dll"));
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("Locked 1 plugin in ").And.EndWith("host.lock.json:"));
        Assert.That(lines[1], Does.Match(@"^  CountingPlugin -> .*CountingPlugin\.dll  \[directory\] \(\d+ files?\)$"));
        Assert.That(lines, Does.Contain($"    {LockedFiles.HashFile(dll)}  CountingPlugin.dll"));
        Assert.That(lines, Has.Length.EqualTo(2 + pins.Plugins[FixturePlugins.Counting].Count));
    }

    [Test]
    public async Task Run_AfterLock_LoadsAndAfterARebuildRefusesThePluginWithExitOne()
    {
        var config = Configuration(FixturePlugins.Counting);
        var (lockExit, _, lockError) = await CliRunner.RunAsync("lock", config, "--quiet");
        Assert.That(lockExit, Is.Zero, lockError);

        var (runExit, runOutput, runError) = await CliRunner.RunAsync("run", config, "--quiet");
        Assert.That(runExit, Is.Zero, runError);
        Assert.That(runOutput, Does.Contain("Loaded 1 of 1 plugins"));

        File.AppendAllText(Path.Combine(Scratch.Path, "plugins", FixturePlugins.Counting, FixturePlugins.Counting + ".dll"), "rebuilt");
        var (refusedExit, _, refusedError) = await CliRunner.RunAsync("run", config, "--quiet");

        Assert.That(refusedExit, Is.EqualTo(1));
        Assert.That(refusedError, Does.Contain("does not match the lock file").And.Contain($"re-lock with 'pluginhost lock {config}'"));
    }

    [Test]
    public async Task Run_RequireLockWithoutLockFile_ExitsTwoWithFileLineAndColumn()
    {
        var config = Configuration(FixturePlugins.Counting, "require_lock = true\n");

        var (exitCode, _, error) = await CliRunner.RunAsync("run", config, "--quiet");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"{config}:3:1: 'require_lock = true', but the lock file"));
    }

    [Test]
    public async Task Lock_RequireLockWithoutLockFile_WritesIt()
    {
        var config = Configuration(FixturePlugins.Counting, "require_lock = true\n");

        var (exitCode, _, error) = await CliRunner.RunAsync("lock", config, "--quiet");

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(File.Exists(HostConfiguration.LockFileFor(config)), Is.True);
    }

    [Test]
    public async Task Lock_PluginNotFound_ExitsOneAndWritesNothing()
    {
        var config = Configuration("NoSuchPlugin");

        var (exitCode, _, error) = await CliRunner.RunAsync("lock", config, "--quiet");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("the plugin 'NoSuchPlugin' was not found").And.Contain("Nothing was locked"));
        Assert.That(File.Exists(HostConfiguration.LockFileFor(config)), Is.False);
    }

    private string Configuration(string plugin, string extra = "")
    {
        var searchPath = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        if (plugin != "NoSuchPlugin")
        {
            FixturePlugins.CopyToSearchPath(new FixedDirectory(searchPath), plugin);
        }

        return Scratch.Write("host.toml", $"search_paths = [\"plugins\"]\nplugins = [\"{plugin}\"]\n{extra}");
    }
}
