namespace PluginHost.Hosting.Tests.Support;

/// <summary>A fresh folder for one test (a host's content root), deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pluginhost-hosting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A plugin file still open (a leak test's pinned generation) is left for the OS to clean up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
