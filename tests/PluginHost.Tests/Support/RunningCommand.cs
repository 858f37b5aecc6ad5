using System.Diagnostics;
using System.Globalization;

namespace PluginHost.Tests.Support;

/// <summary>
/// A long-running dotnet command (an app under <c>dotnet run</c>), started in a folder as a user starts it
/// from a terminal: a test waits for lines of its output, then stops it with SIGTERM, as a service manager
/// or Ctrl+C would. Output and error are kept together, in order of arrival. Disposing kills what still runs.
/// </summary>
internal sealed class RunningCommand : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(string Text, TaskCompletionSource<string> Seen)> _waiters = [];
    private Task _exited = Task.CompletedTask;

    private RunningCommand(Process process) => _process = process;

    /// <summary>Everything printed so far, one line each.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static RunningCommand Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("PLUGINHOST_PATH");
        var command = new RunningCommand(new Process { StartInfo = start });
        command._process.OutputDataReceived += (_, e) => command.OnLine(e.Data);
        command._process.ErrorDataReceived += (_, e) => command.OnLine(e.Data);
        command._process.Start();
        command._process.BeginOutputReadLine();
        command._process.BeginErrorReadLine();

        // Completes once the process exited and both streams ended, so every line it printed was seen by then.
        command._exited = command._process.WaitForExitAsync();
        return command;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> was printed (already, or from now on).</summary>
    /// <returns>That line.</returns>
    public async Task<string> WaitForLineAsync(string text, TimeSpan deadline)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Find(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            _waiters.Add((text, seen));
        }

        try
        {
            await Task.WhenAny(seen.Task, _exited).WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            throw new AssertionException($"No line containing \"{text}\" within {deadline.TotalSeconds} s. The command printed:\n{Output}");
        }

        return seen.Task.IsCompleted
            ? await seen.Task
            : throw new AssertionException($"The command ended (exit code {_process.ExitCode}) without printing a line containing \"{text}\". It printed:\n{Output}");
    }

    /// <summary>Sends SIGTERM and waits for the command to exit.</summary>
    /// <returns>Its exit code.</returns>
    public async Task<int> StopAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            // Also waits for the end of its output, so Output is complete afterwards.
            await _exited.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            throw new AssertionException($"The command did not exit within {deadline.TotalSeconds} s of SIGTERM. It printed:\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            // The end of one of the streams.
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }
}
