namespace Versioned;

internal static class BuildInfo
{
    public static readonly string Version = "v1";
}
