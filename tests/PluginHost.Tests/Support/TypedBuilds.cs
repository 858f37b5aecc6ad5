namespace PluginHost.Tests.Support;

/// <summary>The two real builds of the fixture plugin "TypedGreeter", which implements the host's FixtureContracts.</summary>
internal static class TypedBuilds
{
    public const string Name = "TypedGreeter";
    public const string V1 = "TypedGreeter.V1";
    public const string V2 = "TypedGreeter.V2";
    public const string Contracts = "FixtureContracts";

    /// <summary>Copies a build's files over the plugin folder, as a rebuild does.</summary>
    public static void Deploy(string build, string searchPath) =>
        FixturePlugins.CopyFolder(Path.Combine(FixturePlugins.Root, build), Path.Combine(searchPath, Name));
}
