using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PluginHost.Hosting.Tests.Support;

/// <summary>Real Generic Host builders for tests: a content root of the test's own, an environment, configuration keys, and every log event kept.</summary>
internal static class TestHosts
{
    /// <summary><c>Host.CreateApplicationBuilder</c> with its defaults, in <paramref name="contentRoot"/>, whose logs go only to <paramref name="logs"/>.</summary>
    public static HostApplicationBuilder Builder(
        string contentRoot, CollectingLoggerProvider logs, IEnumerable<KeyValuePair<string, string?>>? configuration = null, string environment = "Production")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = contentRoot,
            EnvironmentName = environment,
        });
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        return builder;
    }

    /// <summary>Configuration keys written as <c>("PluginHost:SearchPaths:0", "plugins")</c>.</summary>
    public static KeyValuePair<string, string?>[] Keys(params (string Key, string? Value)[] keys) =>
        [.. keys.Select(k => new KeyValuePair<string, string?>(k.Key, k.Value))];
}
