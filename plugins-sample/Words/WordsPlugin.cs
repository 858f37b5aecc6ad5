using Humanizer;
using PluginHost;

namespace Words;

/// <summary>
/// A plugin with its own NuGet dependency: Humanizer is copied into this plugin's folder and loaded
/// into this plugin's context; the host never references it.
/// </summary>
public sealed class WordsPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        context.Registry.AddCommand("humanize", "Turns an identifier such as PluginHost into words.", text => text.Humanize());
        context.Registry.AddCommand("count-words", "Says how many words the input has, in words.", text =>
        {
            var count = text.Humanize().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            return "word".ToQuantity(count, ShowQuantityAs.Words);
        });
    }
}
