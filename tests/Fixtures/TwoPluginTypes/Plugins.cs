using PluginHost;

namespace TwoPluginTypes;

public sealed class FirstPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
    }
}

public sealed class SecondPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
    }
}
