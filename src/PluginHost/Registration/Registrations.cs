namespace PluginHost.Registration;

/// <summary>Everything one plugin generation registered: its commands and its implementations of contracts.</summary>
internal sealed record Registrations(IReadOnlyList<RegisteredCommand> Commands, IReadOnlyList<Extension> Extensions)
{
    public static Registrations None { get; } = new([], []);

    /// <summary>Lets go of every handler and implementation, so nothing kept can pin the generation.</summary>
    public void Detach()
    {
        foreach (var command in Commands)
        {
            command.Detach();
        }

        foreach (var extension in Extensions)
        {
            extension.Detach();
        }
    }
}
