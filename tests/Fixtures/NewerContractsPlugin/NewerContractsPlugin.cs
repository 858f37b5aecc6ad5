using FixtureContracts;
using PluginHost;

namespace NewerContractsPlugin;

public sealed class NewerContractsPlugin : IPlugin
{
    public void Register(IPluginContext context) => context.Registry.Add<ITextTransform>(new Same());

    private sealed class Same : ITextTransform
    {
        public string Transform(string text) => text;
    }
}
