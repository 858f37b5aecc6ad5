namespace NoPluginType;

/// <summary>A perfectly good assembly that simply is not a plugin.</summary>
public static class Helper
{
    public static int Answer => 42;
}
