using System.CommandLine;

namespace PluginHost.Cli.Commands;

/// <summary>Options every command takes, and how long stopping may take (<see cref="ShutdownGrace"/>).</summary>
internal sealed record GlobalOptions(Option<bool> Verbose, Option<bool> Quiet, TimeSpan ShutdownGrace)
{
    /// <summary>How long a command waits for the plugins to be released when it stops, before it exits anyway.</summary>
    public static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(5);

    public Serilog.Core.Logger CreateLogger(ParseResult parsed, TextWriter error) =>
        CliLogging.Create(error, parsed.GetValue(Verbose), parsed.GetValue(Quiet));
}
