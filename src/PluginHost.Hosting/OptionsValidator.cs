using Microsoft.Extensions.Options;

namespace PluginHost.Hosting;

/// <summary>
/// Fails the host's start (<c>ValidateOnStart</c>) when the options have problems, listing every one at
/// once, each with the configuration key, the property or the TOML file:line:col it came from.
/// </summary>
internal sealed class OptionsValidator : IValidateOptions<PluginHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Sources.Problems;
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(HostingMessages.OptionsInvalid(problems));
    }
}
