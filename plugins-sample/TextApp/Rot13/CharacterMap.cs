namespace Rot13;

/// <summary>
/// Replaces characters one for one. Public, so a plugin that requires Rot13 (Leet) can build maps of its own
/// with it: the host resolves this type from Rot13's context for every such plugin.
/// </summary>
public sealed class CharacterMap
{
    private readonly Dictionary<char, char> _map = [];

    /// <summary>A map that replaces each character of <paramref name="from"/> with the one at the same place in <paramref name="to"/>.</summary>
    /// <param name="from">The characters to replace.</param>
    /// <param name="to">Their replacements, as many as <paramref name="from"/> has.</param>
    /// <exception cref="ArgumentException">The two strings differ in length.</exception>
    public CharacterMap(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Length != to.Length)
        {
            throw new ArgumentException($"A character map needs one replacement per character: '{from}' has {from.Length}, '{to}' has {to.Length}.", nameof(to));
        }

        for (var i = 0; i < from.Length; i++)
        {
            _map[from[i]] = to[i];
        }
    }

    /// <summary>The map that rotates the Latin letters by <paramref name="places"/>, keeping case (13: ROT13).</summary>
    /// <param name="places">How far to rotate, 0 to 25.</param>
    /// <returns>The map.</returns>
    public static CharacterMap Rotation(int places)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(places);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(places, 25);
        const string Lower = "abcdefghijklmnopqrstuvwxyz";
        var lower = Lower[places..] + Lower[..places];
        return new CharacterMap(Lower + Lower.ToUpperInvariant(), lower + lower.ToUpperInvariant());
    }

    /// <summary>Replaces every mapped character of <paramref name="text"/>; the others stay.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with its mapped characters replaced.</returns>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var characters = text.ToCharArray();
        for (var i = 0; i < characters.Length; i++)
        {
            if (_map.TryGetValue(characters[i], out var replacement))
            {
                characters[i] = replacement;
            }
        }

        return new string(characters);
    }
}
