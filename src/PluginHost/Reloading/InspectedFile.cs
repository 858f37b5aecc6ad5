using System.Reflection.Metadata;

namespace PluginHost.Reloading;

/// <summary>One changed file as the watcher found it.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Verdict">Whether it is whole, still being written, or cannot be judged.</param>
/// <param name="Stamp">Length, write time and (when read) content hash, to tell a new write from an old event.</param>
/// <param name="Problem">Why it is not whole (for <see cref="FileVerdict.Partial"/> and <see cref="FileVerdict.Busy"/>).</param>
/// <param name="PdbId">
/// For an assembly, the id of the portable PDB it was built with (null when it names none or embeds it);
/// for a portable PDB, its own id. An assembly and the PDB beside it belong together when the two match.
/// </param>
internal sealed record InspectedFile(string Path, FileVerdict Verdict, FileStamp Stamp, string? Problem = null, BlobContentId? PdbId = null)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public bool IsAssembly => BuildFileInspector.IsAssembly(Path);
}
