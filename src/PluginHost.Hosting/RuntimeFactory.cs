using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PluginHost.Hosting;

/// <summary>Creates the app's one <see cref="PluginRuntime"/> from the validated options, the app's services and its logging.</summary>
internal static class RuntimeFactory
{
    /// <exception cref="OptionsValidationException">The options have problems; the message lists them all.</exception>
    public static PluginRuntime Create(IServiceProvider services, PluginHostRegistration registration)
    {
        var options = services.GetRequiredService<IOptions<PluginHostOptions>>().Value;

        // Validation fails first when there are problems, so a resolved value is always there.
        var resolved = options.Resolved!.Runtime;
        var runtimeOptions = resolved with
        {
            Logger = services.GetService<ILoggerFactory>() is { } loggerFactory ? LoggerFactorySink.CreateLogger(loggerFactory) : resolved.Logger,
            Services = new PluginServiceProvider(services),
            TimeProvider = services.GetService<TimeProvider>() ?? resolved.TimeProvider,
            SharedAssemblies = [.. resolved.SharedAssemblies.Union(registration.SharedAssemblies, StringComparer.OrdinalIgnoreCase)],
        };
        foreach (var configure in registration.RuntimeConfigurations)
        {
            runtimeOptions = configure(services, runtimeOptions);
        }

        return new PluginRuntime(runtimeOptions);
    }
}
