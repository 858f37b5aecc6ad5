using GreetingLibrary;
using PluginHost;

namespace LibraryUser;

/// <summary>Uses GreetingLibrary's Exclaimer directly, and says whether that type is the library plugin's own.</summary>
public sealed class LibraryUserPlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        var library = context.Import("GreetingLibrary");
        var same = typeof(Exclaimer).Assembly == library.Instance.GetType().Assembly;
        context.Registry.AddCommand("user.exclaim", "Exclaims with the library's type.", input => new Exclaimer().Exclaim("user: " + input));
        context.Registry.AddCommand("user.identity", "Whether Exclaimer is the library plugin's own type.", _ => same ? "same" : "different");
        context.Registry.AddCommand("user.library-generation", "The library generation seen at Register.", _ => library.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
