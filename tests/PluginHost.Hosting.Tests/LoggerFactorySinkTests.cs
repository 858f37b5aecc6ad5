using Microsoft.Extensions.Logging;
using PluginHost.Hosting.Tests.Support;
using Serilog.Events;

namespace PluginHost.Hosting.Tests;

[TestFixture]
public sealed class LoggerFactorySinkTests
{
    private static readonly object[] s_levels =
    [
        new object[] { LogEventLevel.Verbose, LogLevel.Trace },
        new object[] { LogEventLevel.Debug, LogLevel.Debug },
        new object[] { LogEventLevel.Information, LogLevel.Information },
        new object[] { LogEventLevel.Warning, LogLevel.Warning },
        new object[] { LogEventLevel.Error, LogLevel.Error },
        new object[] { LogEventLevel.Fatal, LogLevel.Critical },
    ];

    [Test]
    public void Emit_EventAboutAPlugin_ReachesTheProviderWithItsPropertiesTemplateAndScope()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var log = LoggerFactorySink.CreateLogger(factory).ForContext<PluginRuntime>();

        log.Warning("Reload of {Plugin} generation {Generation} took {ElapsedMs} ms", "Greeter", 2, 12.5);

        var entry = logs.Entries.Single();
        Assert.That(entry.Category, Is.EqualTo("PluginHost.PluginRuntime"));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Is.EqualTo("Reload of Greeter generation 2 took 12.5 ms"));
        Assert.That(entry.State, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["Plugin"] = "Greeter",
            ["Generation"] = 2,
            ["ElapsedMs"] = 12.5,
            ["SourceContext"] = "PluginHost.PluginRuntime",
            ["{OriginalFormat}"] = "Reload of {Plugin} generation {Generation} took {ElapsedMs} ms",
        }));
        Assert.That(entry.Scopes.Single(), Is.EquivalentTo(new Dictionary<string, object?> { ["Plugin"] = "Greeter", ["Generation"] = 2 }));
    }

    [Test]
    public void Emit_PluginsOwnLoggerEvent_CarriesThePluginFromItsContextAndNoTemplateProperty()
    {
        // What a plugin logs through IPluginContext.Logger: the plugin's name is a context property, not in the message.
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var log = LoggerFactorySink.CreateLogger(factory).ForContext("Plugin", "Greeter").ForContext("Generation", 1);

        log.Information("Greeting {Count} people", 3);

        var entry = logs.Entries.Single();
        Assert.That(entry.Category, Is.EqualTo(LoggerFactorySink.DefaultCategory));
        Assert.That(entry.Message, Is.EqualTo("Greeting 3 people"));
        Assert.That(entry.State["Plugin"], Is.EqualTo("Greeter"));
        Assert.That(entry.Scopes.Single()["Plugin"], Is.EqualTo("Greeter"));
    }

    [Test]
    public void Emit_BelowTheAppsMinimumLevel_IsNotWrittenButErrorsAreWithTheirException()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Warning));
        var log = LoggerFactorySink.CreateLogger(factory);
        var error = new InvalidOperationException("boom");

        log.Information("Imported {Plugin}", "Quiet");
        log.Error(error, "Plugin {Plugin} failed", "Broken");

        var entry = logs.Entries.Single();
        Assert.That(entry.Message, Is.EqualTo("Plugin Broken failed"));
        Assert.That(entry.Exception, Is.SameAs(error));
        Assert.That(entry.Scopes.Single()["Plugin"], Is.EqualTo("Broken"));
    }

    [TestCaseSource(nameof(s_levels))]
    public void Emit_SerilogLevel_BecomesTheMatchingLogLevel(LogEventLevel serilog, LogLevel expected)
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        LoggerFactorySink.CreateLogger(factory).Write(serilog, "An event");

        Assert.That(logs.Entries.Single().Level, Is.EqualTo(expected));
    }

    [Test]
    public void Emit_StructuredValue_IsItsRenderedText()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        LoggerFactorySink.CreateLogger(factory).Information("Loaded {Plugins}", new[] { "A", "B" });

        var entry = logs.Entries.Single();
        Assert.That(entry.State["Plugins"], Is.EqualTo("[\"A\", \"B\"]"));
        Assert.That(entry.Message, Is.EqualTo("Loaded [\"A\",\"B\"]"));
    }
}
