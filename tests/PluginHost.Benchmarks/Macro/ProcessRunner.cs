using System.Diagnostics;

namespace PluginHost.Benchmarks.Macro;

/// <summary>Starts a process, captures its output, and times it from Start to exit.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Elapsed);

    public static Result Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new Result(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult(), elapsed);
    }

    /// <summary>Runs and fails loudly on a non-zero exit, with what the process said.</summary>
    public static Result RunChecked(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var list = arguments.ToList();
        var result = Run(fileName, list, workingDirectory);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"'{fileName} {string.Join(' ', list)}' exited with {result.ExitCode}:{Environment.NewLine}{result.Output}{result.Error}");
    }
}
