namespace PluginHost.Tests.Support;

/// <summary>A scratch folder removed when the test ends.</summary>
internal sealed class TempDirectory : IScratchDirectory, IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pluginhost-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind in the temp directory is harmless.
        }
    }
}

/// <summary>A folder tests may fill with plugin copies.</summary>
internal interface IScratchDirectory
{
    string Path { get; }
}

/// <summary>An existing folder used as a scratch directory.</summary>
internal sealed record FixedDirectory(string Path) : IScratchDirectory;
