using MyApp.Contracts;

namespace MyPlugin;

/// <summary>
/// The MyPlugin plugin. The host creates it and calls <see cref="Register"/>, which hands the host this
/// object as an <see cref="IGreeter"/>. After a rebuild the host loads the new code and calls
/// <see cref="Register"/> again, on a new instance.
/// </summary>
public sealed class MyPluginPlugin : IPlugin, IGreeter
{
    public void Register(IPluginContext context) => context.Registry.Add<IGreeter>(this);

    public string Greet(string name) => $"Hello, {name}!";
}
