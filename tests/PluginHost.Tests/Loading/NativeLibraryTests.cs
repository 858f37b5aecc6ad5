using System.Diagnostics;
using PluginHost.Tests.Support;

namespace PluginHost.Tests.Loading;

/// <summary>A plugin's native library beside its DLL is found by its bare name, listed in .deps.json or not.</summary>
[TestFixture]
public sealed class NativeLibraryTests : ScratchFixture
{
    private const string Plugin = "NativePlugin";

    [Test]
    public void Import_NativeLibraryBesideTheDllButNotInDepsJson_IsFoundByItsBareName()
    {
        Assume.That(OperatingSystem.IsLinux(), "the test compiles an ELF shared library with cc");
        FixturePlugins.CopyToSearchPath(Scratch, Plugin);
        var folder = Path.Combine(Scratch.Path, Plugin);
        Compile("int nativeadd_add(int left, int right) { return left + right; }\n", Path.Combine(folder, "libnativeadd.so"));
        Assert.That(File.ReadAllText(Path.Combine(folder, Plugin + ".deps.json")), Does.Not.Contain("nativeadd"));
        using var runtime = TestRuntime.Create(Scratch.Path);

        runtime.Import(Plugin);

        Assert.That(runtime.Registry.Invoke("native.add", "40"), Is.EqualTo("42"));
    }

    [Test]
    public void Candidates_BareName_TriesEveryPlatformSpelling()
    {
        var candidates = PluginHost.Loading.NativeLibraryProbe.Candidates("foo").ToList();

        Assert.That(candidates[0], Is.EqualTo("foo"));
        Assert.That(candidates, OperatingSystem.IsWindows() ? Does.Contain("foo.dll") : Does.Contain("libfoo.so").And.Contain("libfoo.dylib"));
    }

    private void Compile(string source, string output)
    {
        var file = Scratch.Write("native/add.c", source);
        var start = new ProcessStartInfo("cc", ["-shared", "-fPIC", "-o", output, file]) { RedirectStandardError = true };
        using var compiler = Process.Start(start)!;
        var errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        Assert.That(compiler.ExitCode, Is.Zero, $"cc failed: {errors}");
    }
}
