using System.Globalization;
using System.Runtime.InteropServices;
using PluginHost;

namespace NativePlugin;

/// <summary>
/// Calls a native library by its bare name, as [DllImport("foo")] code does. Tests compile the library
/// (libnativeadd.so) into the plugin's folder without listing it in .deps.json.
/// </summary>
public sealed partial class NativePlugin : IPlugin
{
    public void Register(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry.AddCommand("native.add", "Adds 2 and the input in C.", input =>
            Add(2, int.Parse(input, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
    }

    [LibraryImport("nativeadd", EntryPoint = "nativeadd_add")]
    private static partial int Add(int left, int right);
}
