using PluginHost;
using TextApp.Contracts;

namespace Upper;

/// <summary>The smallest typed plugin: one implementation of the host's contract, registered by name.</summary>
public sealed class UpperPlugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.Add<ITextTransform>(new UpperTransform(), "upper");

    private sealed class UpperTransform : ITextTransform
    {
        public string Name => "upper";

        public string Transform(string text) => text.ToUpperInvariant();
    }
}
