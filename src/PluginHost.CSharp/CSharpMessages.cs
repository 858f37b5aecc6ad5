using System.Globalization;
using System.Text;

namespace PluginHost.CSharp;

/// <summary>The messages of the C# source package, worded like PluginHost's own: what went wrong, where, and what to do.</summary>
internal static class CSharpMessages
{
    public static string CompileFailed(string name, string origin, IReadOnlyList<string> errors)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The C# source plugin '{name}' at '{origin}' does not compile ({errors.Count} {(errors.Count == 1 ? "error" : "errors")}):");
        foreach (var error in errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {error}");
        }

        text.Append(Environment.NewLine).Append(
            "Fix the errors and import the plugin again. Sources compile against the .NET framework, PluginHost.Abstractions and Serilog only; a plugin that needs other packages must be built as a project.");
        return text.ToString();
    }
}
