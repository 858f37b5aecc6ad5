namespace TypedGreeter;

internal static class BuildInfo
{
    public const string Version = "v1";
}
