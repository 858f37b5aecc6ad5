using PluginHost.Configuration;
using PluginHost.Diagnostics;

namespace PluginHost.Runtime;

/// <summary>What production mode refuses: everything that unloads or replaces a generation.</summary>
internal static class ModeGuard
{
    /// <exception cref="InvalidOperationException">The runtime is in production mode; the message says how to switch.</exception>
    public static void ThrowIfProduction(RuntimeMode mode, string operation)
    {
        if (mode == RuntimeMode.Production)
        {
            throw new InvalidOperationException(Messages.ProductionMode(operation));
        }
    }
}
