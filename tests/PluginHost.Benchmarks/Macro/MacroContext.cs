namespace PluginHost.Benchmarks.Macro;

/// <summary>What the macro benchmarks need from build/bench.sh: built artifacts, tools and a scratch folder.</summary>
internal sealed record MacroContext
{
    private readonly List<(string Root, TimeSpan Generation)> _generated = [];
    private string? _published;

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

    /// <summary>The largest number of generated plugins a section asks for; generated once, ReadyToRun, and shared.</summary>
    public int GeneratedCount { get; init; } = 5000;

    /// <summary>The growth table's plugin counts (build/bench.sh: 250 … 5,000).</summary>
    public IReadOnlyList<int> GrowthCounts { get; init; } = [250, 500, 1000, 2500, 5000];

    /// <summary>
    /// <see cref="GeneratedCount"/> tiny distinct plugins compiled ReadyToRun under the scratch folder, the
    /// same set for every section that loads generated plugins; the first call generates them.
    /// </summary>
    public (string Root, TimeSpan Generation) GeneratedPlugins()
    {
        lock (_generated)
        {
            if (_generated.Count == 0)
            {
                var root = Path.Combine(ScratchRoot, "generated");
                Log($"Compiling {GeneratedCount} plugins with Roslyn, then ReadyToRun with crossgen2, into {root}");
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                PluginGenerator.Generate(root, GeneratedCount);
                _generated.Add((root, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
            }

            return _generated[0];
        }
    }

    /// <summary>This benchmark assembly run from a copy whose host assemblies are compiled ReadyToRun, as a published host is; made once.</summary>
    public string PublishedSelf()
    {
        lock (_generated)
        {
            return _published ??= ReadyToRun.PublishedCopy(SelfDll, Path.Combine(ScratchRoot, "published-host"));
        }
    }

    /// <summary>Like <see cref="RunChild{T}"/>, from the ReadyToRun copy (<see cref="PublishedSelf"/>).</summary>
    public T RunPublishedChild<T>(params string[] arguments) => RunChildOf<T>(PublishedSelf(), arguments);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the context every macro benchmark is handed.")]
    public void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Runs this benchmark assembly in a fresh process in child mode and parses its JSON line.</summary>
    public T RunChild<T>(params string[] arguments) => RunChildOf<T>(SelfDll, arguments);

    private T RunChildOf<T>(string self, string[] arguments)
    {
        var result = ProcessRunner.RunChecked(Dotnet, [self, "child", .. arguments]);
        var line = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return System.Text.Json.JsonSerializer.Deserialize<T>(line, ChildResults.Json)
            ?? throw new InvalidOperationException($"The child printed no result: {result.Output}");
    }
}
