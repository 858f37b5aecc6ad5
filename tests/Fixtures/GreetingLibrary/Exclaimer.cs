namespace GreetingLibrary;

/// <summary>A public type of one plugin, used by another plugin that requires it.</summary>
public sealed class Exclaimer
{
    public string Exclaim(string text) => text + Mark;

    /// <summary>Instance data, so the type is used as an object across the plugin boundary.</summary>
    public string Mark { get; init; } = "!";
}
