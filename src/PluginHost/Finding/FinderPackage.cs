using System.Reflection;
using System.Runtime.Loader;
using PluginHost.Hooks;

namespace PluginHost.Finding;

/// <summary>
/// An optional package whose finders configuration keys ask for, found by its assembly name among the
/// application's dependencies: a host that references the package (so its <c>.deps.json</c> lists it)
/// gets its finders from TOML without writing code, and one that does not ships no compiler or NuGet
/// client. The assembly names its factory with <see cref="ConfiguredFinderFactoryAttribute"/>.
/// </summary>
/// <param name="Id">The package id, which is also its assembly name.</param>
/// <param name="Purpose">What it does, for the error when it is missing.</param>
internal sealed record FinderPackage(string Id, string Purpose)
{
    public static FinderPackage CSharp { get; } = new("PluginHost.CSharp", "compiles C# source plugins on import");

    public static FinderPackage NuGet { get; } = new("PluginHost.NuGet", "finds plugins in folders of NuGet packages");

    /// <summary>
    /// The package's factory, loaded into the context that loaded PluginHost itself (the host's default
    /// context, or the context of a plugin that runs a runtime of its own); null when the application
    /// does not reference the package.
    /// </summary>
    /// <exception cref="InvalidOperationException">The assembly is there but names no usable factory: it is not the package this version of PluginHost expects.</exception>
    public IConfiguredFinderFactory? Load()
    {
        var context = AssemblyLoadContext.GetLoadContext(typeof(FinderPackage).Assembly) ?? AssemblyLoadContext.Default;
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyName(new AssemblyName(Id));
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var type = assembly.GetCustomAttribute<ConfiguredFinderFactoryAttribute>()?.FactoryType;
        if (type is null || !typeof(IConfiguredFinderFactory).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException(Diagnostics.Messages.FinderPackageUnusable(Id, assembly.GetName().Version?.ToString() ?? "?", typeof(FinderPackage).Assembly.GetName().Version?.ToString() ?? "?"));
        }

        return (IConfiguredFinderFactory)Activator.CreateInstance(type)!;
    }
}
