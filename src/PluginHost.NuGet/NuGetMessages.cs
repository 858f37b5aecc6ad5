namespace PluginHost.NuGet;

/// <summary>The messages of the NuGet package, worded like PluginHost's own: what went wrong, where, and what to do.</summary>
internal static class NuGetMessages
{
    public static string InvalidVersionRange(string name, string range) =>
        $"The version constraint '{range}' for the plugin '{name}' is not a NuGet version range. Write a version such as \"1.2.0\" (at least 1.2.0) or a range such as \"[1.0,2.0)\".";

    public static string DependenciesMissing(string name, string package, IReadOnlyList<string> missing) =>
        $"The plugin '{name}' from the package '{package}' depends on packages its feed does not have: {string.Join(", ", missing)}. Pack them into the same feed folder.";

    public static string NoAssembly(string name, string package, string framework) =>
        $"The package '{package}' has no lib/<framework>/{name}.dll compatible with {framework}. Build the package for {framework} (or an older compatible framework) with an assembly named {name}.";
}
