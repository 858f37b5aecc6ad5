using PluginHost.Diagnostics;

namespace PluginHost.Registration;

/// <summary>
/// A command a plugin registered, tagged with the plugin and the generation that registered it.
/// Once that generation is unloaded the command lets go of the plugin's code: invoking a kept
/// reference then says it is stale instead of running old code (look the command up again, or hold a
/// <see cref="CommandHandle"/>, which always reaches the current generation).
/// </summary>
public sealed class RegisteredCommand
{
    private readonly GenerationLease _lease;
    private Func<string, string>? _handler;

    internal RegisteredCommand(string name, string description, string plugin, int generation, Func<string, string> handler, GenerationLease lease)
    {
        Name = name;
        Description = description;
        Plugin = plugin;
        Generation = generation;
        _handler = handler;
        _lease = lease;
    }

    /// <summary>The command's name.</summary>
    public string Name { get; }

    /// <summary>What the command does.</summary>
    public string Description { get; }

    /// <summary>The plugin that registered it.</summary>
    public string Plugin { get; }

    /// <summary>The generation of the plugin that registered it.</summary>
    public int Generation { get; }

    /// <summary>False once the generation that registered the command was unloaded or replaced.</summary>
    public bool IsCurrent => !_lease.IsRetired;

    /// <summary>Runs the command on the generation that registered it.</summary>
    /// <param name="input">The command's input.</param>
    /// <returns>The command's output.</returns>
    /// <exception cref="ObjectDisposedException">That generation was unloaded or replaced by a reload.</exception>
    public string Invoke(string input) =>
        TryInvoke(input, out var output) ? output : throw new ObjectDisposedException(Name, Messages.CommandStale(Name, Plugin, Generation));

    /// <summary>Runs the command unless its generation was retired; a call that got in finishes on the old code.</summary>
    internal bool TryInvoke(string input, out string output)
    {
        if (!_lease.TryEnter())
        {
            output = string.Empty;
            return false;
        }

        try
        {
            var handler = Volatile.Read(ref _handler);
            if (handler is null)
            {
                output = string.Empty;
                return false;
            }

            output = handler(input);
            return true;
        }
        finally
        {
            _lease.Exit();
        }
    }

    /// <summary>Drops the handler so a kept reference cannot keep the plugin's load context alive.</summary>
    internal void Detach() => Volatile.Write(ref _handler, null);
}
