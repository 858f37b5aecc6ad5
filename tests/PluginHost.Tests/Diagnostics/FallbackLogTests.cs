using PluginHost.Diagnostics;
using Serilog;
using Serilog.Core;

namespace PluginHost.Tests.Diagnostics;

[TestFixture]
public sealed class FallbackLogTests
{
    [Test]
    public void Resolve_SilentDefaultLogger_WarningsAndErrorsReachTheStandardErrorWriter()
    {
        using var error = new StringWriter();

        var log = FallbackLog.Resolve(Logger.None, () => FallbackLog.WritingTo(error));
        log.Information("Imported {Plugin}", "Quiet");
        log.Warning("Plugin {Plugin} generation {Generation} was not collected", "Leaky", 2);
        log.Error(new InvalidOperationException("boom"), "Plugin {Plugin} failed", "Broken");

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Does.Match(@"^\[\d\d:\d\d:\d\d WRN\] PluginHost: Plugin Leaky generation 2 was not collected$"));
        Assert.That(lines[1], Does.Match(@"^\[\d\d:\d\d:\d\d ERR\] PluginHost: Plugin Broken failed$"));
        Assert.That(lines[2], Is.EqualTo("System.InvalidOperationException: boom"));
    }

    [Test]
    public void Resolve_ConfiguredLogger_IsUsedAndTheFallbackIsNeverCreated()
    {
        var sink = new Support.CollectingSink();
        var configured = sink.CreateLogger();
        var fallbackCreated = false;

        var log = FallbackLog.Resolve(configured, () =>
        {
            fallbackCreated = true;
            return Logger.None;
        });

        Assert.That(log, Is.SameAs(configured));
        Assert.That(fallbackCreated, Is.False);
    }

    [Test]
    public void Resolve_SerilogsStaticDefault_IsTheSilentLoggerItReplaces()
    {
        // What PluginRuntime passes when no logger was given and nobody configured Serilog: the fallback must
        // recognise it, or a host with no logging configured loses every warning again.
        using var fallback = new LoggerConfiguration().CreateLogger();

        Assert.That(FallbackLog.Resolve(Log.Logger, () => fallback), Is.SameAs(fallback));
    }
}
