using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PluginHost.Reloading;

/// <summary>
/// Tells, from a file's own content, whether a build has finished writing it: an assembly whose headers
/// and sections fit in the file and whose .NET metadata reads; a portable PDB whose streams fit and whose
/// id is readable; a JSON file (<c>.deps.json</c>, <c>.runtimeconfig.json</c>) that parses to its end. A
/// file a writer still holds (its .NET lock on Linux and macOS, its sharing mode on Windows) is busy. Other
/// files are not judged, nor opened. A file is read whole, with every sharing mode allowed, and closed at
/// once; on Linux and macOS .NET still takes a shared lock for the read, which makes a .NET writer that
/// opens the file exclusively at that instant fail, so <see cref="PendingBuild"/> opens as little as it can.
/// </summary>
internal static class BuildFileInspector
{
    /// <summary>Larger files are not read: judged by quiet time alone.</summary>
    private const long MaxReadBytes = 64L * 1024 * 1024;

    private static readonly byte[] s_windowsPdbSignature = "Microsoft C/C++ MSF 7.00"u8.ToArray();

    public static bool IsAssembly(string path) => HasExtension(path, ".dll") || HasExtension(path, ".exe");

    public static InspectedFile Inspect(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Directory.Exists(path)
                ? new InspectedFile(path, FileVerdict.Unjudged, new FileStamp(0, Directory.GetLastWriteTimeUtc(path), null))
                : new InspectedFile(path, FileVerdict.Missing, default);
        }

        var statted = new FileStamp(info.Length, info.LastWriteTimeUtc, null);
        if (!(IsAssembly(path) || HasExtension(path, ".pdb") || HasExtension(path, ".json")) || info.Length > MaxReadBytes)
        {
            return new InspectedFile(path, FileVerdict.Unjudged, statted);
        }

        byte[] bytes;
        DateTime written;
        try
        {
            (bytes, written) = ReadAll(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new InspectedFile(path, FileVerdict.Missing, default);
        }
        catch (IOException)
        {
            return new InspectedFile(path, FileVerdict.Busy, statted, "a writer still has it open");
        }
        catch (UnauthorizedAccessException)
        {
            return new InspectedFile(path, FileVerdict.Unjudged, statted);
        }

        return InspectContent(path, bytes, written);
    }

    /// <summary>Judges <paramref name="bytes"/> as the content of <paramref name="path"/>, an assembly, PDB or JSON file by its extension.</summary>
    public static InspectedFile InspectContent(string path, byte[] bytes, DateTime writtenUtc)
    {
        var stamp = new FileStamp(bytes.Length, writtenUtc, Hash(bytes));
        return HasExtension(path, ".pdb") ? InspectPdb(path, bytes, stamp)
            : HasExtension(path, ".json") ? InspectJson(path, bytes, stamp)
            : InspectAssembly(path, bytes, stamp);
    }

    private static InspectedFile InspectAssembly(string path, byte[] bytes, FileStamp stamp)
    {
        if (ImageEnd(bytes) is not { } end)
        {
            return new InspectedFile(path, FileVerdict.Partial, stamp, "its headers are not all written");
        }

        if (bytes.Length < end)
        {
            return new InspectedFile(path, FileVerdict.Partial, stamp, $"its headers say {end} bytes, {bytes.Length} are written");
        }

        try
        {
            using var pe = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(bytes));
            if (pe.HasMetadata)
            {
                // The CLI header, the metadata root and every stream and table must be there: a file that was
                // given its length first and is being filled in has zeros where they belong.
                _ = pe.GetMetadataReader();
            }

            return new InspectedFile(path, FileVerdict.Whole, stamp, PdbId: PdbBuiltWith(pe));
        }
        catch (BadImageFormatException e)
        {
            return new InspectedFile(path, FileVerdict.Partial, stamp, $"it does not read as an image yet ({e.Message})");
        }
    }

    /// <summary>
    /// Where the image's last byte must be, from its headers alone: the end of the section table, of every
    /// section's raw data, and of the signature (the one directory addressed by file offset; it comes last).
    /// Null while the headers themselves are not all there.
    /// </summary>
    private static long? ImageEnd(ReadOnlySpan<byte> image)
    {
        // DOS header ("MZ", the PE header's offset at 0x3C); PE signature; COFF header (sections at +6,
        // optional header size at +20); optional header (PE32 or PE32+ by its magic); section table.
        if (image.Length < 0x40 || !image.StartsWith("MZ"u8))
        {
            return null;
        }

        var coff = BinaryPrimitives.ReadInt32LittleEndian(image[0x3C..]) + 4;
        if (coff < 4 || image.Length < coff + 20 || !image[(coff - 4)..].StartsWith("PE\0\0"u8))
        {
            return null;
        }

        int sections = BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 2)..]);
        int optional = BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 16)..]);
        var table = coff + 20 + optional;
        long end = table + (sections * 40L);
        if (image.Length < end)
        {
            return null;
        }

        for (var i = 0; i < sections; i++)
        {
            var section = image.Slice(table + (i * 40), 40);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(section[16..]);
            if (size > 0)
            {
                end = Math.Max(end, BinaryPrimitives.ReadUInt32LittleEndian(section[20..]) + (long)size);
            }
        }

        // The data directories start 96 (PE32) or 112 (PE32+) bytes into the optional header; the fifth is the signature's.
        var directories = optional >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 20)..]) == 0x20B ? 112 : 96;
        if (optional >= directories + (5 * 8))
        {
            var certificates = image[(coff + 20 + directories + (4 * 8))..];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(certificates[4..]);
            if (size > 0)
            {
                end = Math.Max(end, BinaryPrimitives.ReadUInt32LittleEndian(certificates) + (long)size);
            }
        }

        return end;
    }

    /// <summary>The portable PDB the image was built with, from its CodeView entry; null when it names none or carries its PDB inside.</summary>
    private static BlobContentId? PdbBuiltWith(PEReader pe)
    {
        BlobContentId? id = null;
        foreach (var entry in pe.ReadDebugDirectory())
        {
            if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb)
            {
                return null;
            }

            if (entry.Type == DebugDirectoryEntryType.CodeView && entry.IsPortableCodeView)
            {
                id = new BlobContentId(pe.ReadCodeViewDebugDirectoryData(entry).Guid, entry.Stamp);
            }
        }

        return id;
    }

    private static InspectedFile InspectPdb(string path, byte[] bytes, FileStamp stamp)
    {
        if (bytes.AsSpan().StartsWith(s_windowsPdbSignature))
        {
            // A Windows PDB: no id the watcher reads; the runtime does not read it either.
            return new InspectedFile(path, FileVerdict.Unjudged, stamp);
        }

        try
        {
            using var provider = MetadataReaderProvider.FromPortablePdbImage(ImmutableCollectionsMarshal.AsImmutableArray(bytes));
            var header = provider.GetMetadataReader().DebugMetadataHeader;
            return header is null
                ? new InspectedFile(path, FileVerdict.Partial, stamp, "it has no #Pdb stream yet")
                : new InspectedFile(path, FileVerdict.Whole, stamp, PdbId: new BlobContentId(header.Id));
        }
        catch (BadImageFormatException e)
        {
            return new InspectedFile(path, FileVerdict.Partial, stamp, $"it does not read as a portable PDB yet ({e.Message})");
        }
    }

    private static InspectedFile InspectJson(string path, byte[] bytes, FileStamp stamp)
    {
        var json = bytes.AsSpan();
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        if (json.IsEmpty)
        {
            return new InspectedFile(path, FileVerdict.Partial, stamp, "it is empty");
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            while (reader.Read())
            {
                // Every token, to the end: a cut-off file throws.
            }

            return new InspectedFile(path, FileVerdict.Whole, stamp);
        }
        catch (JsonException e)
        {
            return new InspectedFile(path, FileVerdict.Partial, stamp, $"it does not parse yet ({e.Message})");
        }
    }

    /// <summary>
    /// The whole file, opened so that no writer is kept out (a build may rewrite it any moment), and its write
    /// time taken after the read: never older than what was read, so a later look at an unchanged file matches.
    /// </summary>
    private static (byte[] Bytes, DateTime WrittenUtc) ReadAll(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[RandomAccess.GetLength(handle)];
        var read = 0;
        while (read < bytes.Length)
        {
            var count = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        return (read == bytes.Length ? bytes : bytes[..read], File.GetLastWriteTimeUtc(handle));
    }

    private static int Hash(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private static bool HasExtension(string path, string extension) => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
