using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using PluginHost;

namespace AspNetCorePlugin;

/// <summary>Uses ASP.NET Core types, which come from the Microsoft.AspNetCore.App shared framework, not from its folder.</summary>
public sealed class AspNetCorePlugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.AddCommand("aspnet.query", "Parses the input as a query string and writes it back under /echo, keys sorted.", Rewrite);

    // A method of its own, so nothing of ASP.NET Core is needed before the command's first call.
    private static string Rewrite(string input)
    {
        var parsed = QueryHelpers.ParseQuery(input);
        var query = QueryString.Create(parsed.OrderBy(p => p.Key, StringComparer.Ordinal));
        return new PathString("/echo").Add(query);
    }
}
