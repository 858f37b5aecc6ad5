namespace PluginHost.Reloading;

/// <summary>
/// The files of one plugin that changed since its last load, and what each file was at that load, so an
/// event about a write that was already loaded (events arrive after the fact, often after the reload they
/// caused has read the file) changes nothing. <see cref="Inspect"/> decides whether the changes make a
/// complete build:
/// <list type="number">
/// <item>the plugin's entry assembly is among them: a build writes it (and its PDB) last, after the
/// dependencies, <c>.deps.json</c> and content files; changes without it are judged by quiet time;</item>
/// <item>every changed assembly, portable PDB and JSON file is whole (<see cref="BuildFileInspector"/>);</item>
/// <item>every changed assembly that names a portable PDB, with a PDB beside it, has the matching one
/// there: the old build's PDB means the new one is still to come;</item>
/// <item>no writer still holds any of them.</item>
/// </list>
/// Not thread-safe: the owning <see cref="WatchedPlugin"/> calls it under its lock.
/// </summary>
internal sealed class PendingBuild
{
    private readonly Dictionary<string, FileStamp> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly string _entryName;

    /// <param name="folders">Where the plugin's files are; as they are now, they are taken as loaded (by length and time).</param>
    /// <param name="entryName">The entry assembly's file name: the loaded plugin's, or <c>Name.dll</c> for one not loaded yet.</param>
    public PendingBuild(IEnumerable<WatchedFolder> folders, string entryName)
    {
        _entryName = entryName;
        foreach (var folder in folders)
        {
            try
            {
                foreach (var path in folder.Files())
                {
                    var info = new FileInfo(path);
                    if (info.Exists)
                    {
                        _loaded[path] = new FileStamp(info.Length, info.LastWriteTimeUtc, null);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being rewritten: whatever is there counts as changed when its events come.
            }
        }
    }

    public bool IsEmpty => _changed.Count == 0;

    public void Add(string path) => _changed.Add(path);

    /// <summary>
    /// Decides whether the changes make a complete build. Files are opened only once their names could:
    /// the entry assembly among them, and beside each changed assembly either no PDB or a changed one.
    /// Until then a writer is left alone (on Linux a reader's shared lock makes a .NET writer that opens
    /// the file that moment fail).
    /// </summary>
    public BuildReadiness Inspect() =>
        NotYetByName() is { } reason ? new BuildReadiness(Readiness.Waiting, reason, [], null) : InspectAll();

    /// <summary>Opens and judges every changed file: for a build that may be complete, and for what a reload after the quiet period reads.</summary>
    public BuildReadiness InspectAll()
    {
        var inspected = _changed.Select(BuildFileInspector.Inspect).ToList();
        var files = inspected.Where(file => !IsAsLoaded(file)).ToList();
        if (files.Count == 0)
        {
            // Kept otherwise: a PDB rewritten with the bytes it had still pairs with the assembly beside it.
            _changed.Clear();
        }

        var entry = files.FirstOrDefault(f => f.Verdict == FileVerdict.Whole && f.IsAssembly && string.Equals(f.Name, _entryName, StringComparison.Ordinal));
        var (state, reason) = files.Count == 0 ? (Readiness.NothingNew, "nothing changed since the last load") : Judge(files, inspected, entry);
        return new BuildReadiness(state, reason, files, entry);
    }

    /// <summary>Records the inspected files as what the reload that starts now loads, and forgets the changes.</summary>
    public void Loading(BuildReadiness readiness)
    {
        foreach (var file in readiness.Files)
        {
            if (file.Verdict == FileVerdict.Missing)
            {
                _loaded.Remove(file.Path);
            }
            else
            {
                _loaded[file.Path] = file.Stamp;
            }
        }

        _changed.Clear();
    }

    /// <param name="files">The files that changed since the last load.</param>
    /// <param name="inspected">
    /// Every file inspected, also those found as loaded: none of them may be partial or held by a writer, and a
    /// PDB rewritten with the bytes it had still pairs with the assembly beside it.
    /// </param>
    /// <param name="entry">The new entry assembly, when it is among <paramref name="files"/>.</param>
    private (Readiness, string) Judge(List<InspectedFile> files, List<InspectedFile> inspected, InspectedFile? entry)
    {
        if (inspected.FirstOrDefault(f => f.Verdict == FileVerdict.Partial) is { } partial)
        {
            return (Readiness.Waiting, $"{partial.Name} is not complete: {partial.Problem}");
        }

        if (inspected.FirstOrDefault(f => f.Verdict == FileVerdict.Busy) is { } busy)
        {
            return (Readiness.Busy, $"{busy.Name}: {busy.Problem}");
        }

        if (entry is null)
        {
            return (Readiness.Waiting, $"{_entryName} is not among the changed files, which only quiet time can tell complete");
        }

        foreach (var assembly in files.Where(f => f.IsAssembly && f.PdbId is not null))
        {
            var pdbPath = Path.ChangeExtension(assembly.Path, ".pdb");
            var pdb = inspected.FirstOrDefault(f => string.Equals(f.Path, pdbPath, StringComparison.Ordinal));
            if (pdb is null && File.Exists(pdbPath))
            {
                return (Readiness.Waiting, StalePdb(pdbPath, assembly.Path));
            }

            if (pdb is { Verdict: FileVerdict.Whole } && pdb.PdbId != assembly.PdbId)
            {
                return (Readiness.Waiting, $"{pdb.Name} does not belong to {assembly.Name} yet");
            }
        }

        return (Readiness.Complete, $"{entry.Name} and every changed file beside it are complete");
    }

    /// <summary>Why the changed files cannot make a complete build, from their names alone; null when they could.</summary>
    private string? NotYetByName()
    {
        if (!_changed.Any(path => string.Equals(Path.GetFileName(path), _entryName, StringComparison.Ordinal)))
        {
            return $"{_entryName} is not among the changed files, which only quiet time can tell complete";
        }

        foreach (var assembly in _changed.Where(BuildFileInspector.IsAssembly))
        {
            var pdb = Path.ChangeExtension(assembly, ".pdb");
            if (!_changed.Contains(pdb) && File.Exists(pdb))
            {
                return StalePdb(pdb, assembly);
            }
        }

        return null;
    }

    private static string StalePdb(string pdb, string assembly) => $"{Path.GetFileName(pdb)} beside {Path.GetFileName(assembly)} is still the previous build's";

    /// <summary>
    /// A file is as loaded when it is what the last load saw, or when it is gone and the last load never saw
    /// it. One a writer holds is being changed, whatever its length and time say (a copy sets the source's).
    /// </summary>
    private bool IsAsLoaded(InspectedFile file) => file.Verdict switch
    {
        FileVerdict.Missing => !_loaded.ContainsKey(file.Path),
        FileVerdict.Busy => false,
        _ => _loaded.TryGetValue(file.Path, out var loaded) && file.Stamp.Matches(loaded),
    };
}
