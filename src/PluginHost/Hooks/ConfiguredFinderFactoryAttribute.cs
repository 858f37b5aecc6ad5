namespace PluginHost.Hooks;

/// <summary>
/// Names the <see cref="IConfiguredFinderFactory"/> of an optional finder package, so the core finds it
/// by the package's assembly name alone: <c>[assembly: ConfiguredFinderFactory(typeof(MyFactory))]</c>.
/// </summary>
/// <param name="factoryType">A public class with a public parameterless constructor that implements <see cref="IConfiguredFinderFactory"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ConfiguredFinderFactoryAttribute(Type factoryType) : Attribute
{
    /// <summary>The factory's type.</summary>
    public Type FactoryType { get; } = factoryType;
}
