using PluginHost.CSharp;
using PluginHost.Finding;
using PluginHost.NuGet;

namespace PluginHost.Tests.Finding;

/// <summary>How the core finds an optional finder package: by assembly name, among the application's dependencies.</summary>
[TestFixture]
public sealed class FinderPackageTests
{
    [Test]
    public void Load_AssemblyTheApplicationDoesNotReference_IsNull()
    {
        var package = new FinderPackage("PluginHost.NoSuchPackage", "does nothing");

        Assert.That(package.Load(), Is.Null);
    }

    [Test]
    public void Load_ReferencedPackage_CreatesTheFactoryItsAssemblyNames()
    {
        Assert.That(FinderPackage.CSharp.Load(), Is.InstanceOf<CSharpFinderFactory>());
        Assert.That(FinderPackage.NuGet.Load(), Is.InstanceOf<NuGetFinderFactory>());
    }

    [Test]
    public void Load_AssemblyThatNamesNoFactory_SaysToReferenceTheMatchingPackage()
    {
        var package = new FinderPackage("Serilog", "logs");

        var error = Assert.Throws<InvalidOperationException>(() => package.Load())!;

        Assert.That(error.Message, Does.Match(
            @"^The application references the assembly Serilog [0-9.]+, but it names no finder factory PluginHost [0-9.]+ can use\. Reference the Serilog package of the same version as PluginHost\.$"));
    }
}
