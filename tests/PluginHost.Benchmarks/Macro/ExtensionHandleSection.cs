using System.Globalization;
using System.Text;
using static PluginHost.Benchmarks.Macro.Markdown;

namespace PluginHost.Benchmarks.Macro;

/// <summary>
/// The extension-handle benchmarks (Micro/ExtensionHandleBenchmarks) as one table of medians beside the direct
/// interface call measured in the same run, and the issue's goal: a call through a live handle within 10 ns of
/// the direct call, 0 B allocated.
/// </summary>
internal static class ExtensionHandleSection
{
    private const string Goal = "call through a live `ExtensionHandle<T>` within 10 ns of a direct interface call, 0 B";
    private const double BudgetNs = 10;
    private const string Direct = "DirectInterfaceCall";
    private const string DirectAsync = "DirectInterfaceCallAsync";

    // The ways to call through a handle the goal is about, then the rest for context; each with the call it is compared to.
    private static readonly (string Method, string Label, string Against, bool InGoal)[] s_rows =
    [
        (Direct, "direct interface call on the same object (baseline)", Direct, false),
        ("HandleInvoke", "`handle.Invoke(static c => c.Add(1, 2))`", Direct, true),
        ("HandleInvokeWithState", "`handle.Invoke(state, static (c, s) => c.Add(1, s))`", Direct, true),
        ("HandleAcquire", "`using var lease = handle.Acquire(); lease.Value.Add(1, 2)`", Direct, true),
        (DirectAsync, "direct `AddAsync` (completed, cached task)", Direct, false),
        ("HandleInvokeAsync", "`await handle.InvokeAsync(static c => c.AddAsync(1, 2))`", DirectAsync, false),
        ("SetInvoke", "`set.Invoke(static c => c.Add(1, 2))`, one implementation", Direct, false),
    ];

    public static void Write(StringBuilder doc, Summary summary, MicroBenchmarks micro)
    {
        if (micro[Direct] is not var (directNs, _))
        {
            summary.Goal(Goal, "not measured", null);
            return;
        }

        doc.AppendLine("### A call through a live extension handle").AppendLine();
        doc.AppendLine("""
            `ExtensionHandleBenchmarks` above, as medians: the real fixture plugin `Calculator` is imported into its own
            context and `ICalculator.Add` (which costs nothing) is called through each path. "over" is the median minus
            the median of the call it is compared to (the direct call; `InvokeAsync` against the direct `AddAsync`).
            """).AppendLine();
        var rows = new List<string[]>();
        var inGoal = new List<(string Method, double OverNs, double Bytes)>();
        foreach (var (method, label, against, counts) in s_rows)
        {
            if (micro[method] is not var (ns, bytes) || micro[against] is not var (againstNs, _))
            {
                continue;
            }

            var over = ns - againstNs;
            rows.Add([label, N(ns, 2), N(bytes ?? 0, 0), Ratio(ns, againstNs), method == against ? string.Empty : $"{(over >= 0 ? "+" : string.Empty)}{N(over, 2)}"]);
            if (counts)
            {
                inGoal.Add((method, over, bytes ?? 0));
            }
        }

        Table(doc, ["call", "median (ns)", "allocated (B/op)", "ratio", "over (ns)"], rows);

        var worst = inGoal.MaxBy(r => r.OverNs);
        var met = inGoal.Count > 0 && inGoal.All(r => r.OverNs <= BudgetNs && r.Bytes == 0);
        var measured = string.Join(", ", inGoal.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Method} +{N(r.OverNs, 1)} ns / {N(r.Bytes, 0)} B")));
        doc.AppendLine(CultureInfo.InvariantCulture, $"Goal: {Goal} (`Invoke`, `Invoke` with state and `Acquire`): **{(met ? "met" : "missed")}**.").AppendLine();
        if (micro["HandleInvoke"] is var (invokeNs, invokeBytes))
        {
            summary.Headlines.Add($"call through a live extension handle {N(invokeNs, 2)} ns, {N(invokeBytes ?? 0, 0)} B (`Invoke`; direct interface call {N(directNs, 2)} ns, +{N(invokeNs - directNs, 1)} ns; worst handle path +{N(worst.OverNs, 1)} ns)");
        }

        summary.Goal(Goal, measured, met);
    }
}
