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
}
