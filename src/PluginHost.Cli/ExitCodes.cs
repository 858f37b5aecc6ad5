namespace PluginHost.Cli;

/// <summary>What the pluginhost process's exit code means.</summary>
internal static class ExitCodes
{
    /// <summary>Every plugin loaded (or, for <c>list</c>, resolved) and every command ran.</summary>
    public const int Success = 0;

    /// <summary>At least one plugin failed to be found, loaded or registered, or a command failed; the rest ran.</summary>
    public const int PluginFailed = 1;

    /// <summary>The configuration file or the command line is not valid; nothing was loaded.</summary>
    public const int UsageOrConfiguration = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
