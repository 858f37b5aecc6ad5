using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PluginHost.Hosting;

/// <summary>
/// What the <see cref="PluginHostBuilder"/> calls of one service collection added: the contract assemblies to
/// share and the runtime option changes. One instance per service collection, however often
/// <c>AddPluginHost</c> is called.
/// </summary>
internal sealed class PluginHostRegistration
{
    /// <summary>
    /// What every plugin resolves from the host besides the configured assemblies: logging and DI abstractions,
    /// so <c>ILogger&lt;T&gt;</c> and the service provider a plugin gets are the host's own types.
    /// </summary>
    public HashSet<string> SharedAssemblies { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        typeof(ILogger).Assembly.GetName().Name!,
        typeof(IServiceScopeFactory).Assembly.GetName().Name!,
    };

    public List<Func<IServiceProvider, PluginRuntimeOptions, PluginRuntimeOptions>> RuntimeConfigurations { get; } = [];

    /// <summary>The registration already in <paramref name="services"/>, if <c>AddPluginHost</c> ran on it.</summary>
    public static PluginHostRegistration? In(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(PluginHostRegistration))?.ImplementationInstance as PluginHostRegistration;
}
