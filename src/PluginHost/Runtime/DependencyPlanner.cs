using PluginHost.Configuration;
using PluginHost.Results;

namespace PluginHost.Runtime;

/// <summary>A depth-first walk of the <c>requires</c> graph: dependencies first, each name once, cycles reported.</summary>
internal static class DependencyPlanner
{
    public static ImportPlan Plan(IEnumerable<string> roots, Func<string, FindResult?> find)
    {
        var order = new List<string>();
        var cycles = new List<IReadOnlyList<string>>();
        var requires = new Dictionary<string, IReadOnlyList<PluginRequirement>>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(string name)
        {
            if (done.Contains(name))
            {
                return;
            }

            var onPath = path.IndexOf(name);
            if (onPath >= 0)
            {
                cycles.Add([.. path.Skip(onPath), name]);
                return;
            }

            if (!requires.TryGetValue(name, out var needs))
            {
                needs = find(name)?.Spec?.Manifest?.Requires ?? [];
                requires[name] = needs;
            }

            path.Add(name);
            foreach (var requirement in needs)
            {
                Visit(requirement.Name);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(name);
            order.Add(name);
        }

        foreach (var root in roots)
        {
            Visit(root);
        }

        return new ImportPlan(order, cycles, requires);
    }
}
