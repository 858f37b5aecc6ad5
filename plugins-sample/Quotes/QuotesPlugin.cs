using PluginHost;

namespace Quotes;

/// <summary>A plugin shipped as a NuGet package and found in a local feed by version.</summary>
public sealed class QuotesPlugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.AddCommand("quote", "Quotes the input (loaded from the Quotes 1.2.0 package).", text => $"\u201C{text}\u201D");
}
