using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PluginHost.Hosting;

/// <summary>
/// The app's services as a plugin sees them (<see cref="IPluginContext.Services"/>). Types from the host
/// resolve from the app's provider as they are. A type built from a plugin's own types, such as
/// <c>ILogger&lt;MyPlugin&gt;</c>, never reaches the app's container: it would cache the type (and a
/// singleton of it) for the life of the app, which keeps the plugin's load context from ever unloading.
/// <c>ILogger&lt;T&gt;</c> of such a type is made fresh from the app's <see cref="ILoggerFactory"/>; any
/// other such type resolves to nothing. Scopes created through it give plugins the same view.
/// </summary>
internal sealed class PluginServiceProvider(IServiceProvider services) : IServiceProvider
{
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType == typeof(IServiceProvider))
        {
            return this;
        }

        if (serviceType == typeof(IServiceScopeFactory))
        {
            return services.GetService<IServiceScopeFactory>() is { } scopes ? new PluginServiceScopeFactory(scopes) : null;
        }

        if (!IsOfPlugin(serviceType))
        {
            return services.GetService(serviceType);
        }

        return serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(ILogger<>) && services.GetService<ILoggerFactory>() is { } factory
            ? Activator.CreateInstance(typeof(Logger<>).MakeGenericType(serviceType.GenericTypeArguments), factory)
            : null;
    }

    /// <summary>Whether the type, or any type it is built from, lives in a collectible (plugin) load context.</summary>
    private static bool IsOfPlugin(Type type) =>
        type.Assembly.IsCollectible
        || (type.HasElementType && IsOfPlugin(type.GetElementType()!))
        || (type.IsConstructedGenericType && type.GenericTypeArguments.Any(IsOfPlugin));

    private sealed class PluginServiceScopeFactory(IServiceScopeFactory scopes) : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => new PluginServiceScope(scopes.CreateScope());
    }

    private sealed class PluginServiceScope(IServiceScope scope) : IServiceScope, IAsyncDisposable
    {
        public IServiceProvider ServiceProvider { get; } = new PluginServiceProvider(scope.ServiceProvider);

        public void Dispose() => scope.Dispose();

        public ValueTask DisposeAsync()
        {
            if (scope is IAsyncDisposable asynchronous)
            {
                return asynchronous.DisposeAsync();
            }

            scope.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
