namespace PluginHost.Benchmarks.Macro;

/// <summary>What the macro benchmarks need from build/bench.sh: built artifacts, tools and a scratch folder.</summary>
internal sealed record MacroContext
{
    public required string OutputFile { get; init; }

    public required string ScratchRoot { get; init; }

    public required string Dotnet { get; init; }

    public required string Python { get; init; }

    public string? CliDll { get; init; }

    /// <summary>The same CLI published ReadyToRun, as its tool package ships it.</summary>
    public string? CliReadyToRunDll { get; init; }

    public string? CliConfig { get; init; }

    public string? HelloDll { get; init; }

    public string? MicroResults { get; init; }

    public string SelfDll { get; } = typeof(MacroContext).Assembly.Location;

    public int Runs { get; init; } = 10;

    /// <summary>Words that select sections by title (case-insensitive); empty runs every section.</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the context every macro benchmark is handed.")]
    public void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Runs this benchmark assembly in a fresh process in child mode and parses its JSON line.</summary>
    public T RunChild<T>(params string[] arguments)
    {
        var result = ProcessRunner.RunChecked(Dotnet, [SelfDll, "child", .. arguments]);
        var line = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return System.Text.Json.JsonSerializer.Deserialize<T>(line, ChildResults.Json)
            ?? throw new InvalidOperationException($"The child printed no result: {result.Output}");
    }
}
