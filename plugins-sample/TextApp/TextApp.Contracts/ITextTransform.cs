namespace TextApp.Contracts;

/// <summary>What a TextApp plugin provides: one way to transform a line of text.</summary>
public interface ITextTransform
{
    /// <summary>The transform's name, as the plugin registers it (<c>"rot13"</c>) and TextApp prints it.</summary>
    string Name { get; }

    /// <summary>Transforms <paramref name="text"/>.</summary>
    /// <param name="text">The text to transform.</param>
    /// <returns>The transformed text.</returns>
    string Transform(string text);
}
