using System.Globalization;
using System.Text;

namespace PluginHost.Hosting;

/// <summary>Every message of the Generic Host integration a user reads, in one place so they read alike.</summary>
internal static class HostingMessages
{
    public const string TimeSpanExample = "hh:mm:ss[.fffffff], such as \"00:00:30\" or \"00:00:00.250\"";

    public static string OptionsInvalid(IReadOnlyList<string> problems)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The PluginHost options are not valid ({problems.Count} {(problems.Count == 1 ? "problem" : "problems")}):");
        foreach (var problem in problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {problem}");
        }

        return text.ToString();
    }

    public static string UnknownKey(string key, IEnumerable<string> allowed) =>
        $"Unknown key '{key}'. Expected one of: {string.Join(", ", allowed)}.";

    public static string NotABoolean(string value) =>
        $"'{value}' is not a boolean. Write true or false.";

    public static string NotATimeSpan(string value) =>
        $"'{value}' is not a time span. Write it as {TimeSpanExample}.";

    public static string NotAList(string what) =>
        $"This must be a list of {what}, one item per child key (:0, :1, ...), not a single value.";

    public static string NotAValue() =>
        "This must be a single value, not a section with keys under it.";

    public static string MissingPluginName() =>
        "This plugin has no 'Name'. Add one, or write the plugin as its name alone.";

    public static string InvalidPluginName(string name, string reason) =>
        $"'{name}' is not a valid plugin name: {reason}. A plugin name is not a path; put the plugin's folder in SearchPaths instead.";

    public static string DuplicatePlugin(string name, string firstListed) =>
        $"The plugin '{name}' is listed twice: here and at {firstListed}. Remove one of the entries.";

    public static string InvalidAssemblyName(string name) =>
        $"'{name}' is not a simple assembly name such as \"MyApp.Contracts\" (no path, no version, no '.dll').";

    public static string EmptyPath(string contentRoot) =>
        $"The path is empty. Write a folder relative to the content root '{contentRoot}', or remove the entry.";

    public static string InvalidPath(string value, string reason) =>
        $"'{Printable(value)}' is not a valid path: {reason}. Write a folder path relative to the content root.";

    public static string NotPositive(TimeSpan value) =>
        $"{Format(value)} is not longer than zero. Write a positive time span as {TimeSpanExample}.";

    public static string Negative(TimeSpan value) =>
        $"{Format(value)} is negative. Write zero or a positive time span as {TimeSpanExample}.";

    public static string ConfigurationFileMissing(string path, string contentRoot) =>
        $"The TOML file '{path}' does not exist (ConfigurationFile is relative to the content root '{contentRoot}'). Create it, or correct the path.";

    public static string HotReloadFromOptions(string where, bool enabled) => $"{where} is {(enabled ? "true" : "false")}";

    public static string HotReloadOffInFile(string file) => $"{file} says [hot_reload] enabled = false";

    public static string HotReloadFromEnvironment(string environment, bool development) =>
        development
            ? $"the environment is {environment}; set {PluginHostOptions.SectionName}:HotReload to false to turn it off"
            : $"the environment is {environment}, not Development; set {PluginHostOptions.SectionName}:HotReload to true to turn it on";

    /// <summary>The value with control characters (a NUL in a path) written as \uXXXX, so the message shows them.</summary>
    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
