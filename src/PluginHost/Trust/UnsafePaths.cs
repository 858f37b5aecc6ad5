namespace PluginHost.Trust;

/// <summary>Folder properties that let someone other than the host's owner change what it loads.</summary>
internal static class UnsafePaths
{
    /// <summary>True on Unix when the folder's mode gives others write access; never on Windows, whose ACLs this does not read.</summary>
    public static bool IsWorldWritable(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return false;
        }

        try
        {
            return (File.GetUnixFileMode(folder) & UnixFileMode.OtherWrite) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The symlinks by which a search path leaves its tree, each with its final target: the search path
    /// itself when it is a symlink to outside <paramref name="root"/> (or any symlink when there is no root),
    /// and each folder directly in it (a plugin's folder) that is a symlink to outside the search path.
    /// </summary>
    public static IEnumerable<(string Link, string Target)> SymlinksLeaving(string searchPath, string? root)
    {
        var found = new List<(string, string)>();
        try
        {
            var folder = new DirectoryInfo(searchPath);
            if (!folder.Exists)
            {
                return found;
            }

            if (folder.LinkTarget is not null && folder.ResolveLinkTarget(returnFinalTarget: true) is { } target
                && (root is null || !IsUnder(target.FullName, root)))
            {
                found.Add((folder.FullName, target.FullName));
            }

            foreach (var child in folder.EnumerateDirectories())
            {
                // The enumeration already says which entries are links; asking each folder for its target costs a system call per plugin.
                if (child.Attributes.HasFlag(FileAttributes.ReparsePoint) && child.LinkTarget is not null && child.ResolveLinkTarget(returnFinalTarget: true) is { } childTarget
                    && !IsUnder(childTarget.FullName, searchPath))
                {
                    found.Add((child.FullName, childTarget.FullName));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be read is reported by the finder that probes it.
        }

        return found;
    }

    private static bool IsUnder(string path, string root)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path));
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
