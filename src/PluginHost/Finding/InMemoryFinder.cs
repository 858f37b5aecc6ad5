using System.Collections.Concurrent;
using PluginHost.Configuration;
using PluginHost.Diagnostics;
using PluginHost.Hooks;
using PluginHost.Loading;

namespace PluginHost.Finding;

/// <summary>
/// A finder for plugins whose assembly a caller holds in memory (Python's dict-backed import hook): add
/// the image under a name, put the finder in the chain, and import the name as any other. Each import
/// loads into a new collectible context, so replacing the image, unloading and importing again runs
/// the new code.
/// </summary>
/// <example>
/// <code>
/// var memory = new InMemoryFinder();
/// runtime.Finders.AddFirst(memory);
/// memory.Add("Greeter", File.ReadAllBytes("Greeter.dll"));
/// runtime.Import("Greeter");
/// </code>
/// </example>
public sealed class InMemoryFinder : IPluginFinder
{
    /// <summary>The prefix of the origin an in-memory plugin reports, such as <c>memory:Greeter</c>.</summary>
    public const string OriginPrefix = "memory:";

    private readonly ConcurrentDictionary<string, (byte[] Assembly, byte[] Symbols)> _images = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "memory";

    /// <summary>The names that have an image, in no particular order.</summary>
    public IReadOnlyCollection<string> Names => [.. _images.Keys];

    /// <summary>
    /// Adds or replaces the image served under a name. A plugin already loaded from the old image keeps
    /// running until it is unloaded; the next import after that loads the new image.
    /// </summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="assembly">The assembly image; copied, so the caller may reuse its buffer.</param>
    /// <param name="symbols">Its portable PDB, for line numbers in stack traces, or empty.</param>
    /// <exception cref="ArgumentException">The name is not a valid plugin name, or the image is empty.</exception>
    public void Add(string name, ReadOnlyMemory<byte> assembly, ReadOnlyMemory<byte> symbols = default)
    {
        if (!PluginNameRules.IsValid(name, out var reason))
        {
            throw new ArgumentException(Messages.InvalidPluginName(name, reason), nameof(name));
        }

        if (assembly.IsEmpty)
        {
            throw new ArgumentException(Messages.EmptyImage(name), nameof(assembly));
        }

        _images[name] = (assembly.ToArray(), symbols.ToArray());
    }

    /// <summary>Stops serving a name. A plugin already loaded from it keeps running until it is unloaded.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>True when the name had an image.</returns>
    public bool Remove(string name) => _images.TryRemove(name, out _);

    /// <inheritdoc />
    public PluginSpec? FindSpec(string name, PluginSearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = OriginPrefix + name;
        if (!_images.TryGetValue(name, out var image))
        {
            context.RecordProbe(origin, "no image added under this name");
            return null;
        }

        context.RecordProbe(origin, "found");
        return new PluginSpec(name, origin, new InMemoryLoader(image.Assembly, image.Symbols)) { Finder = Name, Directory = string.Empty };
    }
}
