using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PluginHost.Hosting;

/// <summary>Adds PluginHost to a service collection.</summary>
public static class PluginHostServiceCollectionExtensions
{
    /// <summary>
    /// Adds the plugin runtime to the app: <see cref="PluginHostOptions"/> bound from the <c>PluginHost</c>
    /// section of the app's <see cref="IConfiguration"/> service (when there is one), then changed by
    /// <paramref name="configure"/>, and validated when the host starts; the <see cref="PluginRuntime"/>
    /// singleton, whose log events go to the app's logging and whose plugins reach the app's services; and a
    /// hosted service that imports and starts the plugins when the host starts, watches them when hot reload is
    /// on, and unloads them when it stops. Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Changes the options after the configuration was read; null for none.</param>
    /// <returns>A builder to declare the contracts the app consumes.</returns>
    public static PluginHostBuilder AddPluginHost(this IServiceCollection services, Action<PluginHostOptions>? configure = null) =>
        Add(services, configuration: null, configure);

    internal static PluginHostBuilder Add(IServiceCollection services, IConfiguration? configuration, Action<PluginHostOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registration = PluginHostRegistration.In(services);
        if (registration is null)
        {
            registration = new PluginHostRegistration();
            services.AddSingleton(registration);
            services.AddOptions<PluginHostOptions>().ValidateOnStart();
            services.AddSingleton<IConfigureOptions<PluginHostOptions>>(s => new ConfigurationReader(configuration ?? s.GetService<IConfiguration>()));
            services.AddSingleton<IPostConfigureOptions<PluginHostOptions>>(s => new OptionsResolver(s.GetService<IHostEnvironment>()));
            services.AddSingleton<IValidateOptions<PluginHostOptions>, OptionsValidator>();
            services.AddSingleton(s => RuntimeFactory.Create(s, registration));
            services.AddHostedService<PluginHostService>();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new PluginHostBuilder(services, registration);
    }
}
