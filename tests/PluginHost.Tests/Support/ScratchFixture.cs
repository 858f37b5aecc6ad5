namespace PluginHost.Tests.Support;

/// <summary>A test fixture whose every test gets a fresh scratch folder, removed afterwards.</summary>
public abstract class ScratchFixture
{
    private TempDirectory? _scratch;

    internal TempDirectory Scratch => _scratch ?? throw new InvalidOperationException("Scratch is only available inside a test.");

    [SetUp]
    public void CreateScratch() => _scratch = new TempDirectory();

    [TearDown]
    public void RemoveScratch()
    {
        _scratch?.Dispose();
        _scratch = null;
    }
}
