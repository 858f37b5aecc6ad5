using System.Globalization;

namespace PluginHost.Cli;

/// <summary>What the command line itself says (the library's messages are in PluginHost.Diagnostics.Messages).</summary>
internal static class CliMessages
{
    public const string Cancelled = "Cancelled; every plugin generation that could be released was released.";

    public static string Abandoned(string plugin) =>
        $"warning: the plugin '{plugin}' had not returned from Register() when the host was stopped; it was abandoned, not unloaded. Its thread ends with the process. Fix the plugin's Register() so it returns.";

    public static string ShutdownTimedOut(TimeSpan grace) =>
        string.Create(CultureInfo.InvariantCulture, $"warning: releasing the plugins took longer than {grace.TotalSeconds:0.#} s, so the host stopped without waiting for the rest. A plugin's Dispose() or a reload in progress did not finish.");

    public static string LockNotFound(string plugin, IReadOnlyList<string> finders) =>
        $"the plugin '{plugin}' was not found (finders tried: {string.Join(", ", finders)}), so it cannot be locked. Run 'pluginhost which {plugin} -c <config> -v' to see every place probed.";

    public static string NotLocked(string configuration) =>
        $"Nothing was locked: every enabled plugin of '{configuration}' must resolve before its files can be pinned. Fix the plugins above, or disable them with enabled = false.";

    public static string LockWriteFailed(string detail) =>
        $"error: the lock file could not be written: {detail} Check the permissions of the configuration's folder.";
}
