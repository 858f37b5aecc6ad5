using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PluginHost.Loading;

/// <summary>
/// An entry assembly's bytes with what its metadata says about it, read before anything loads: its
/// name (which must be the plugin's) and whether it is a reference assembly (metadata only, no code).
/// </summary>
internal sealed class AssemblyImage
{
    private const string ReferenceAssemblyAttribute = "System.Runtime.CompilerServices.ReferenceAssemblyAttribute";

    private AssemblyImage(byte[]? bytes, string name, bool isReference, IReadOnlyList<(string Name, Version Version)> references)
    {
        Bytes = bytes;
        Name = name;
        IsReference = isReference;
        References = references;
    }

    /// <summary>The whole file, when it was read to be loaded from memory; null when it loads from its path.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The assembly's simple name, from its metadata (not its file name).</summary>
    public string Name { get; }

    public bool IsReference { get; }

    /// <summary>The assemblies it was built against, with the versions it asks for.</summary>
    public IReadOnlyList<(string Name, Version Version)> References { get; }

    /// <summary>
    /// Reads <paramref name="path"/>'s assembly definition; with <paramref name="keepBytes"/>, reads it whole
    /// and keeps the bytes, to load from memory (so the file is never locked).
    /// </summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static AssemblyImage Read(string path, bool keepBytes = true)
    {
        // Whole when the bytes are kept (development mode loads from them); otherwise only the headers and
        // metadata are read, as the runtime maps the file itself when it loads it.
        var bytes = keepBytes ? File.ReadAllBytes(path) : null;
        using var pe = bytes is null
            ? new PEReader(File.OpenRead(path), PEStreamOptions.PrefetchMetadata)
            : new PEReader(new MemoryStream(bytes, writable: false));
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.", path);
        }

        var metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("The file is a .NET module, not an assembly.", path);
        }

        var definition = metadata.GetAssemblyDefinition();
        var isReference = definition.GetCustomAttributes().Any(handle => IsReferenceAssemblyAttribute(metadata, metadata.GetCustomAttribute(handle)));
        var references = new List<(string Name, Version Version)>(metadata.AssemblyReferences.Count);
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            references.Add((metadata.GetString(reference.Name), reference.Version));
        }

        return new AssemblyImage(bytes, metadata.GetString(definition.Name), isReference, references);
    }

    private static bool IsReferenceAssemblyAttribute(MetadataReader metadata, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        return $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}" == ReferenceAssemblyAttribute;
    }
}
