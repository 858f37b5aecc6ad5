using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PluginHost.Loading;

/// <summary>
/// Finds a native library a plugin names bare (<c>[DllImport("foo")]</c>) in the plugin's own folder when
/// neither its <c>.deps.json</c> nor the runtime's probing has it: loaded in memory, the plugin's
/// assemblies have no location, so the runtime never looks beside them. Tries the platform's spellings:
/// <c>foo</c>, <c>libfoo.so</c>, <c>foo.so</c>, <c>libfoo.dylib</c>, <c>foo.dylib</c>, <c>foo.dll</c>.
/// </summary>
internal static class NativeLibraryProbe
{
    public static void Attach(AssemblyLoadContext context, string folder) =>
        context.ResolvingUnmanagedDll += (_, name) => Resolve(folder, name);

    /// <summary>The candidate file names for <paramref name="name"/>, most specific to this platform first.</summary>
    public static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        if (Path.HasExtension(name) && !name.EndsWith(".so", StringComparison.Ordinal) && !name.Contains(".so.", StringComparison.Ordinal))
        {
            yield break;
        }

        string[] prefixes = OperatingSystem.IsWindows() ? [string.Empty] : ["lib", string.Empty];
        string[] suffixes = OperatingSystem.IsWindows() ? [".dll"] : OperatingSystem.IsMacOS() ? [".dylib", ".so"] : [".so", ".dylib"];
        foreach (var suffix in suffixes)
        {
            foreach (var prefix in prefixes)
            {
                yield return prefix + name + suffix;
            }
        }
    }

    private static IntPtr Resolve(string folder, string name)
    {
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in Candidates(name))
        {
            var file = Path.Combine(folder, candidate);
            if (File.Exists(file) && NativeLibrary.TryLoad(file, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
