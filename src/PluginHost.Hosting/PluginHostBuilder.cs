using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PluginHost.Registration;

namespace PluginHost.Hosting;

/// <summary>
/// What <c>AddPluginHost</c> returns: declares the contracts the app consumes from its plugins, and any
/// further change to the runtime's options.
/// </summary>
public sealed class PluginHostBuilder
{
    private readonly PluginHostRegistration _registration;

    internal PluginHostBuilder(IServiceCollection services, PluginHostRegistration registration)
    {
        Services = services;
        _registration = registration;
    }

    /// <summary>The app's services, where the runtime, its handles and its hosted service are registered.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Declares a contract the app consumes from its plugins: its assembly is shared with every plugin (so a
    /// plugin's implementation is the app's type), and the app's services can take an
    /// <see cref="ExtensionSet{TContract}"/> (every implementation loaded now) and an
    /// <see cref="ExtensionHandle{TContract}"/> (the first one) in their constructors. Both follow imports,
    /// reloads and unloads; neither holds a plugin's object.
    /// </summary>
    /// <typeparam name="TContract">The contract: an interface or class of the app's own assemblies.</typeparam>
    /// <returns>This builder.</returns>
    public PluginHostBuilder AddExtension<TContract>()
        where TContract : class
    {
        _registration.SharedAssemblies.Add(typeof(TContract).Assembly.GetName().Name!);
        Services.TryAddSingleton(static services => services.GetRequiredService<PluginRuntime>().Registry.All<TContract>());
        Services.TryAddSingleton(static services => services.GetRequiredService<PluginRuntime>().Registry.Handle<TContract>());
        return this;
    }

    /// <summary>
    /// Changes the runtime's options last, after the configuration, the TOML file and the app's services were
    /// applied: for what has no configuration key, such as a finder of your own
    /// (<see cref="PluginRuntimeOptions.Finders"/>) or a lock (<see cref="PluginRuntimeOptions.Lock"/>).
    /// </summary>
    /// <param name="configure">Gets the app's services and the options so far; returns the options to use.</param>
    /// <returns>This builder.</returns>
    public PluginHostBuilder ConfigureRuntime(Func<IServiceProvider, PluginRuntimeOptions, PluginRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _registration.RuntimeConfigurations.Add(configure);
        return this;
    }
}
