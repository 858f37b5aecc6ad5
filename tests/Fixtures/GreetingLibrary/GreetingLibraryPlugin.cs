using PluginHost;

namespace GreetingLibrary;

public sealed class GreetingLibraryPlugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.AddCommand("library.exclaim", "Exclaims through the library's own type.", input => new Exclaimer().Exclaim(input));
}
