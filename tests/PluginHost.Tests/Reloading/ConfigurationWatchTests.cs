using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using PluginHost.Configuration;
using PluginHost.Results;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Reloading;

/// <summary>The watcher applies edits of the runtime's configuration file (<see cref="PluginRuntime.StartWatching"/>).</summary>
[TestFixture]
public sealed class ConfigurationWatchTests : ScratchFixture
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [SetUp]
    public void DeployPlugins()
    {
        var plugins = Directory.CreateDirectory(Path.Combine(Scratch.Path, "plugins")).FullName;
        VersionedBuilds.Deploy(VersionedBuilds.V1, plugins);
        FixturePlugins.CopyFolder(FixturePlugins.FolderOf("CountingPlugin"), Path.Combine(plugins, "CountingPlugin"));
    }

    [Test]
    public async Task StartWatching_ConfigurationEdited_AddsAndRemovesPlugins()
    {
        await using var runtime = Start("plugins = [\"Versioned\"]", out var changes);
        await using var watching = runtime.StartWatching();

        Write("plugins = [\"CountingPlugin\"]");
        var result = Next(changes);

        Assert.That(result.Succeeded, Is.True, result.Error?.Message);
        Assert.That(result.Trigger, Is.EqualTo("plugins.toml changed"));
        Assert.That(result.Unloaded.Select(u => (u.Name, u.Collected)), Is.EqualTo(new[] { ("Versioned", true) }));
        Assert.That(result.Imported.Select(r => r.Name), Is.EqualTo(new[] { "CountingPlugin" }));
        Assert.That(runtime.Loaded.Select(p => p.Name), Is.EqualTo(new[] { "CountingPlugin" }));
    }

    [Test]
    public async Task StartWatching_EditThatIsNotValid_IsRejectedWithItsLocationAndNothingChanges()
    {
        await using var runtime = Start("plugins = [\"Versioned\"]", out var changes);
        runtime.TryGetLoaded("Versioned", out var serving);
        await using var watching = runtime.StartWatching();

        var file = Write("plugins = [\"Versioned\", \"CountingPlugin\"]\n[hot_reload]\ndebounce_ms = \"soon\"");
        var result = Next(changes);

        Assert.That(result.Error, Is.Not.Null);
        Assert.That(result.Error!.Message, Does.Contain($"{file}:4:1: 'hot_reload.debounce_ms' must be a whole number of milliseconds from 0 to 60000, but it is the string \"soon\"."));
        Assert.That(result.Imported, Is.Empty);
        Assert.That(runtime.Loaded.Single(), Is.SameAs(serving));

        // A later, valid edit is applied: the watch goes on after a rejected one.
        Write("plugins = [\"Versioned\", \"CountingPlugin\"]");
        Assert.That(Next(changes).Imported.Select(r => r.Name), Is.EqualTo(new[] { "CountingPlugin" }));
    }

    [Test]
    public async Task StartWatching_PluginRemovedByAnEdit_IsNoLongerReloadedWhenItsFilesChange()
    {
        var clock = new FakeTimeProvider();
        var debounce = TimeSpan.FromMilliseconds(200);
        var runtime = Start("plugins = [\"Versioned\", \"CountingPlugin\"]", out var changes, clock, polling: true);
        using var reloads = new ReloadEvents(runtime);
        var watching = runtime.StartWatching();

        Write("plugins = [\"CountingPlugin\"]", polling: true);
        var edit = await DriveUntilReported(clock, changes);
        VersionedBuilds.Deploy(VersionedBuilds.V2, Path.Combine(Scratch.Path, "plugins"));

        // Polls see the new build; were Versioned still watched, its reload would be due after these.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250) + debounce);
        }

        await clock.DriveUntilDone(watching.DisposeAsync().AsTask());
        await clock.DriveUntilDone(runtime.DisposeAsync().AsTask());
        Assert.That(edit.Unloaded.Select(u => u.Name), Is.EqualTo(new[] { "Versioned" }));
        Assert.That(reloads.Count, Is.Zero, "a plugin removed from the configuration is not watched any more");
        Assert.That(runtime.TryGetLoaded("Versioned", out _), Is.False);
    }

    private PluginRuntime Start(string plugins, out BlockingCollection<ConfigurationChangeResult> changes, TimeProvider? clock = null, bool polling = false)
    {
        var options = PluginRuntimeOptions.FromConfiguration(HostConfiguration.Load(Write(plugins, polling)));
        var runtime = new PluginRuntime(options with { TimeProvider = clock ?? TimeProvider.System });
        Assert.That(runtime.ImportAll().Where(o => o.Error is not null), Is.Empty);
        var collected = new BlockingCollection<ConfigurationChangeResult>();
        runtime.ConfigurationChanged += (_, result) => collected.Add(result);
        changes = collected;
        return runtime;
    }

    private string Write(string plugins, bool polling = false) =>
        Scratch.Write("plugins.toml", $"search_paths = [\"plugins\"]\n{plugins}\n" + (polling ? "[hot_reload]\npolling = true\ndebounce_ms = 200\n" : string.Empty));

    private static ConfigurationChangeResult Next(BlockingCollection<ConfigurationChangeResult> changes)
    {
        Assert.That(changes.TryTake(out var result, s_timeout), Is.True, "no edit of the configuration was reported");
        return result!;
    }

    /// <summary>Advances the fake clock a little at a time (polls, the debounce, the unload's verification) until the edit is reported.</summary>
    private static async Task<ConfigurationChangeResult> DriveUntilReported(FakeTimeProvider clock, BlockingCollection<ConfigurationChangeResult> changes)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        ConfigurationChangeResult? result;
        while (!changes.TryTake(out result, TimeSpan.FromMilliseconds(5)) && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        Assert.That(result, Is.Not.Null, "no edit of the configuration was reported");
        return result!;
    }
}
