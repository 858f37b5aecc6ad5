using System.CommandLine;

namespace PluginHost.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal sealed record GlobalOptions(Option<bool> Verbose, Option<bool> Quiet)
{
    public Serilog.Core.Logger CreateLogger(ParseResult parsed, TextWriter error) =>
        CliLogging.Create(error, parsed.GetValue(Verbose), parsed.GetValue(Quiet));
}
