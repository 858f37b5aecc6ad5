using PluginHost;
using TextApp.Contracts;

namespace Rot13;

/// <summary>ROT13 through its own public <see cref="CharacterMap"/>, which Leet uses too.</summary>
public sealed class Rot13Plugin : IPlugin
{
    public void Register(IPluginContext context) =>
        context.Registry.Add<ITextTransform>(new Rot13Transform(CharacterMap.Rotation(13)), "rot13");

    private sealed class Rot13Transform(CharacterMap map) : ITextTransform
    {
        public string Name => "rot13";

        public string Transform(string text) => map.Apply(text);
    }
}
