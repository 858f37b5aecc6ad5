namespace PluginHost.Runtime;

/// <summary>The services of a host that gave none: every plugin's <see cref="IPluginContext.Services"/> resolves nothing.</summary>
internal sealed class NoServices : IServiceProvider
{
    public static NoServices Instance { get; } = new();

    private NoServices()
    {
    }

    public object? GetService(Type serviceType) => null;
}
