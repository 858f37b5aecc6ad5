using Microsoft.Extensions.Hosting;

namespace PluginHost.Hosting;

/// <summary>Adds PluginHost to a Generic Host application (<c>Host.CreateApplicationBuilder</c>).</summary>
public static class PluginHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the plugin runtime to the app, its options bound from the <c>PluginHost</c> section of
    /// <see cref="IHostApplicationBuilder.Configuration"/>; see
    /// <see cref="PluginHostServiceCollectionExtensions.AddPluginHost(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{PluginHostOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The app's builder.</param>
    /// <param name="configure">Changes the options after the configuration was read; null for none.</param>
    /// <returns>A builder to declare the contracts the app consumes.</returns>
    public static PluginHostBuilder AddPluginHost(this IHostApplicationBuilder builder, Action<PluginHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return PluginHostServiceCollectionExtensions.Add(builder.Services, builder.Configuration, configure);
    }
}
