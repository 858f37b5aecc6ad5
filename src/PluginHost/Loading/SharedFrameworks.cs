using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using PluginHost.Diagnostics;

namespace PluginHost.Loading;

/// <summary>
/// Makes the shared frameworks a plugin was built against available when the host does not run on them
/// (a console host importing a plugin built with <c>&lt;FrameworkReference Include="Microsoft.AspNetCore.App" /&gt;</c>).
/// A plugin's folder never holds its framework's assemblies, so without this it imports and then fails on
/// its first call with a FileNotFoundException that names an assembly, not the framework.
/// <para>
/// The framework is found where the dotnet host finds it, <c>&lt;dotnet root&gt;/shared/&lt;Name&gt;/&lt;Version&gt;/</c>,
/// with the host's roll-forward, and its assemblies are loaded on demand into the <em>default</em>
/// context, so every plugin shares one copy and their types match; they stay loaded when plugins
/// unload, as they would in an app that runs on the framework. A framework that is not installed
/// fails the import, naming it.
/// </para>
/// <para>
/// On demand through <see cref="AppDomain.AssemblyResolve"/>, the last step of every context's binding:
/// a plugin's McMaster context finds no framework assembly in its folder or .deps.json, nor does the
/// default context on its trusted platform list, so both end there. Not through McMaster's
/// <c>PreferDefaultLoadContextAssembly</c>: in McMaster 2.0.0 it loads each name it is given into the
/// default context, with its references, while the context is built. For ASP.NET Core that is about 170
/// assemblies on the first import (240 ms instead of 40 ms) and a walk of them on every later one.
/// </para>
/// </summary>
internal static class SharedFrameworks
{
    /// <summary>The framework every host runs on; its assemblies are always on the trusted platform list.</summary>
    private const string Runtime = "Microsoft.NETCore.App";

    // One Lazy per framework folder: its handler is registered exactly once, whichever thread gets there first.
    private static readonly ConcurrentDictionary<string, Lazy<bool>> s_provided = new(StringComparer.Ordinal);

    private static readonly Lazy<string?> s_frameworksDirectory = new(FindFrameworksDirectory);

    private static readonly Lazy<HashSet<string>> s_hostFrameworks = new(FindHostFrameworks);

    /// <summary>
    /// Makes every shared framework the plugin at <paramref name="entryAssembly"/> needs, and the host
    /// does not run on, resolve into the default context from now on.
    /// </summary>
    /// <exception cref="PluginImportException">A framework the plugin needs has no compatible version installed (<see cref="ImportFailure.FrameworkMissing"/>).</exception>
    public static void Provide(string plugin, string entryAssembly)
    {
        var frameworksDirectory = s_frameworksDirectory.Value;
        if (frameworksDirectory is null)
        {
            // A self-contained or single-file host has no shared frameworks beside its runtime; it carries
            // what it runs on, and nothing more can be found. The plugin loads as it always did.
            return;
        }

        foreach (var required in RequiredFramework.Of(entryAssembly))
        {
            if (s_hostFrameworks.Value.Contains(required.Name))
            {
                continue;
            }

            var installed = InstalledFramework.Select(frameworksDirectory, required.Name, required.Version)
                ?? throw new PluginImportException(plugin, ImportFailure.FrameworkMissing, Messages.FrameworkMissing(
                    plugin, required.Name, required.Version, required.RuntimeConfig, Path.Combine(frameworksDirectory, required.Name),
                    [.. InstalledFramework.AllOf(frameworksDirectory, required.Name).Select(f => f.Version.ToString())]))
                {
                    Origin = entryAssembly,
                };
            _ = s_provided.GetOrAdd(installed.Directory, _ => new Lazy<bool>(() => ResolveIntoDefault(installed))).Value;
        }
    }

    private static bool ResolveIntoDefault(InstalledFramework framework)
    {
        var known = framework.AssemblyNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        AppDomain.CurrentDomain.AssemblyResolve += (_, request) =>
        {
            // Whichever context asked (a plugin's, or the default one for a framework assembly's own
            // references), the answer is the default context's copy. Satellite assemblies are not provided.
            var name = new AssemblyName(request.Name);
            if (name.Name is null || !string.IsNullOrEmpty(name.CultureName) || !known.Contains(name.Name))
            {
                return null;
            }

            var path = Path.Combine(framework.Directory, name.Name + ".dll");
            return File.Exists(path) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        };
        return true;
    }

    // <root>/shared, taken from where the running runtime lives: <root>/shared/Microsoft.NETCore.App/<version>/.
    private static string? FindFrameworksDirectory()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var runtimeFramework = Path.GetDirectoryName(runtimeDirectory);
        var shared = Path.GetDirectoryName(runtimeFramework);
        return shared is not null && Path.GetFileName(runtimeFramework) == Runtime && Path.GetFileName(shared) == "shared" ? shared : null;
    }

    // The frameworks the host runs on: the runtime's own, and every one with an assembly on the trusted platform list.
    private static HashSet<string> FindHostFrameworks()
    {
        var frameworks = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Runtime };
        var shared = s_frameworksDirectory.Value;
        if (shared is null || AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string trusted)
        {
            return frameworks;
        }

        var prefix = shared + Path.DirectorySeparatorChar;
        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is [var name, ..])
            {
                frameworks.Add(name);
            }
        }

        return frameworks;
    }
}
