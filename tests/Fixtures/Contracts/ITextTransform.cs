namespace FixtureContracts;

/// <summary>A second host contract, registered through a factory.</summary>
public interface ITextTransform
{
    /// <summary>Transforms the text.</summary>
    /// <param name="text">The input.</param>
    /// <returns>The transformed text.</returns>
    string Transform(string text);
}
