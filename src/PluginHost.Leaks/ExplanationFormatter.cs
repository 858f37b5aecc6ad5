using System.Globalization;
using System.Text;

namespace PluginHost.Leaks;

/// <summary>Writes a <see cref="LeakExplanation"/> in plain words, one root at a time.</summary>
internal static class ExplanationFormatter
{
    public static string Format(LeakExplanation explanation)
    {
        if (!explanation.StillAlive)
        {
            return LeakMessages.Collected(explanation.Plugin, explanation.Generation);
        }

        if (explanation.Paths.Count == 0)
        {
            return LeakMessages.NoRootFound(explanation.Plugin, explanation.Generation);
        }

        var text = new StringBuilder();
        var roots = explanation.Paths.Count + explanation.OmittedPaths;
        text.Append(CultureInfo.InvariantCulture, $"{explanation.Plugin} generation {explanation.Generation} is kept alive by {roots} root{(roots == 1 ? string.Empty : "s")}:");
        for (var i = 0; i < explanation.Paths.Count; i++)
        {
            var path = explanation.Paths[i];
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {path.Root.Description}, owned by {Owner(path.Root)}");
            foreach (var step in path.Steps.Take(path.Steps.Count - 1))
            {
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture, $"     {step.TypeName}  .{step.Field}");
            }

            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"     -> {path.PluginObject}  (the plugin's)");
            if (path.Fix is not null)
            {
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture, $"   Fix: {path.Fix}");
            }
        }

        if (explanation.OmittedPaths > 0)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"... and {explanation.OmittedPaths} more roots not listed (LeakExplainerOptions.MaxPaths).");
        }

        return text.ToString();
    }

    private static string Owner(LeakRoot root) => root.Owner switch
    {
        RootOwner.Host => $"the host ({root.OwnerAssembly})",
        RootOwner.Framework when root.OwnerAssembly.Length > 0 => $"the framework ({root.OwnerAssembly})",
        RootOwner.Framework => "the runtime",
        RootOwner.ThirdParty => $"a third-party library ({root.OwnerAssembly})",
        _ => $"the plugin itself ({root.OwnerAssembly})",
    };
}
