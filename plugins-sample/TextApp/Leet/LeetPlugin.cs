using PluginHost;
using Rot13;
using TextApp.Contracts;

namespace Leet;

/// <summary>Leetspeak, built with Rot13's public <see cref="CharacterMap"/>: one plugin using another's types.</summary>
public sealed class LeetPlugin : IPlugin
{
    // A factory: the map is built on the first call, once per generation.
    public void Register(IPluginContext context) =>
        context.Registry.AddFactory<ITextTransform>(() => new LeetTransform(new CharacterMap("aeiostAEIOST", "431057431057")), "leet");

    private sealed class LeetTransform(CharacterMap map) : ITextTransform
    {
        public string Name => "leet";

        public string Transform(string text) => map.Apply(text);
    }
}
