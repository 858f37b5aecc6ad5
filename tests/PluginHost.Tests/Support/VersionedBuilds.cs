namespace PluginHost.Tests.Support;

/// <summary>The three real builds of the fixture plugin "Versioned", deployed over each other as a rebuild would.</summary>
internal static class VersionedBuilds
{
    public const string Name = "Versioned";
    public const string V1 = "Versioned.V1";
    public const string V2 = "Versioned.V2";
    public const string Throws = "Versioned.Throws";

    public static string FolderIn(string searchPath) => Path.Combine(searchPath, Name);

    public static string DllIn(string searchPath) => Path.Combine(FolderIn(searchPath), Name + ".dll");

    /// <summary>Copies a build's files over the plugin folder, file by file, as <c>dotnet build</c> does.</summary>
    public static void Deploy(string build, string searchPath) =>
        FixturePlugins.CopyFolder(Path.Combine(FixturePlugins.Root, build), FolderIn(searchPath));

    /// <summary>Writes the build's entry DLL to a temporary name and renames it into place, as editors and some build tools do.</summary>
    public static void DeployByRename(string build, string searchPath)
    {
        var temp = Path.Combine(FolderIn(searchPath), $".{Name}.dll.tmp");
        File.Copy(Path.Combine(FixturePlugins.Root, build, Name + ".dll"), temp, overwrite: true);
        File.Move(temp, DllIn(searchPath), overwrite: true);
    }
}
