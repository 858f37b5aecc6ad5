using System.Reflection;
using System.Runtime.InteropServices;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// crossgen2 from the runtime pack the SDK itself uses for PublishReadyToRun (build/Benchmark.targets
/// downloads it): compiles assemblies ReadyToRun, one version bubble each, as a published build is.
/// </summary>
internal static class ReadyToRun
{
    /// <summary>The host's own assemblies a production host would publish ReadyToRun: what ImportAll runs through.</summary>
    public static readonly string[] HostAssemblies = ["PluginHost.dll", "PluginHost.Abstractions.dll", "McMaster.NETCore.Plugins.dll", "Serilog.dll"];

    public static string Crossgen2 { get; } =
        typeof(ReadyToRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Crossgen2").Value!;

    private static string Framework => Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary>Compiles each input on its own, beside it as Name.ni.dll, in one crossgen2 process.</summary>
    public static void CompileNearInputs(IEnumerable<string> inputs, IEnumerable<string> references, string responseFile) =>
        Run(responseFile, [.. Options(references), "--single-file-compilation", "--out-near-input", .. inputs]);

    /// <summary>Compiles one assembly into <paramref name="output"/>.</summary>
    public static void Compile(string input, string output, IEnumerable<string> references, string responseFile) =>
        Run(responseFile, [.. Options(references), "--out:" + output, input]);

    /// <summary>
    /// A copy of the folder <paramref name="app"/> runs from, made of links to its files except the app itself
    /// (copied) and the host's own assemblies (compiled ReadyToRun): the app as a host published ReadyToRun runs.
    /// </summary>
    /// <returns>The path of <paramref name="app"/> in the copy.</returns>
    public static string PublishedCopy(string app, string target)
    {
        var source = Path.GetDirectoryName(app)!;
        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var name = Path.GetFileName(entry);
            if (HostAssemblies.Contains(name, StringComparer.Ordinal))
            {
                Compile(entry, Path.Combine(target, name), [Path.Combine(source, "*.dll")], Path.Combine(target, name + ".rsp"));
            }
            else if (name.StartsWith(Path.GetFileNameWithoutExtension(app) + ".", StringComparison.Ordinal))
            {
                // The app itself is copied: the dotnet host resolves a linked app to its real folder, and would load the IL host from there.
                File.Copy(entry, Path.Combine(target, name));
            }
            else if (Directory.Exists(entry))
            {
                Directory.CreateSymbolicLink(Path.Combine(target, name), entry);
            }
            else
            {
                File.CreateSymbolicLink(Path.Combine(target, name), entry);
            }
        }

        return Path.Combine(target, Path.GetFileName(app));
    }

    private static IEnumerable<string> Options(IEnumerable<string> references)
    {
        yield return "--targetos:" + (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux");
        yield return "--targetarch:" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        yield return "-O";
        yield return "--parallelism:1";
        yield return "-r:" + Path.Combine(Framework, "*.dll");
        foreach (var reference in references)
        {
            yield return "-r:" + reference;
        }
    }

    private static void Run(string responseFile, IReadOnlyList<string> lines)
    {
        File.WriteAllLines(responseFile, lines);
        ProcessRunner.RunChecked(Crossgen2, ["@" + responseFile]);
    }
}
