using System.Collections.Concurrent;
using PluginHost.Registration;

namespace PluginHost.Tests.Registration;

/// <summary>
/// Staging one generation's registrations and publishing them in one step, without a plugin: the
/// registrar and the registry on their own.
/// </summary>
[TestFixture]
public sealed class PluginRegistrarTests
{
    [Test]
    public void AddCommand_BeforeCommit_StaysInvisibleUntilCommitted()
    {
        var registry = new PluginRegistry();
        var registrar = Registrar(registry, "Greeter", 1);

        registrar.AddCommand("greet", "Says hello.", input => $"hello {input}");

        Assert.That(registry.FindCommand("greet"), Is.Null);
        Assert.That(registry.Commands, Is.Empty);
        registrar.Commit();
        var command = registry.FindCommand("greet");
        Assert.That(command, Is.Not.Null);
        Assert.That((command!.Plugin, command.Generation, command.Description), Is.EqualTo(("Greeter", 1, "Says hello.")));
        Assert.That(registry.Invoke("greet", "world"), Is.EqualTo("hello world"));
    }

    [Test]
    public void Commit_FirstGeneration_ReturnsNothingReplaced()
    {
        var registry = new PluginRegistry();
        var registrar = Registrar(registry, "Greeter", 1);
        registrar.AddCommand("greet", "Says hello.", _ => "v1");

        var replaced = registrar.Commit();

        Assert.That(replaced.Commands, Is.Empty);
    }

    [Test]
    public void Commit_EarlierGenerationRegistered_ReturnsItsRegistrationsAndReplacesThemAll()
    {
        var registry = new PluginRegistry();
        Publish(registry, "Greeter", 1, "greet", "wave");
        var otherPlugin = Publish(registry, "Other", 1, "other");
        var next = Registrar(registry, "Greeter", 2);
        next.AddCommand("greet", "Says hello again.", _ => "v2");
        next.AddCommand("nod", "Nods.", _ => "v2");
        Assert.That(registry.Commands.Select(c => (c.Name, c.Generation)), Is.EqualTo(new[] { ("greet", 1), ("other", 1), ("wave", 1) }));

        var replaced = next.Commit();

        Assert.That(replaced.Commands.Select(c => (c.Name, c.Plugin, c.Generation)), Is.EquivalentTo(new[] { ("greet", "Greeter", 1), ("wave", "Greeter", 1) }));
        Assert.That(registry.Commands.Select(c => (c.Name, c.Plugin, c.Generation)),
            Is.EqualTo(new[] { ("greet", "Greeter", 2), ("nod", "Greeter", 2), ("other", "Other", 1) }));
        Assert.That(registry.Invoke("greet", ""), Is.EqualTo("v2"));
        Assert.That(registry.FindCommand("other"), Is.SameAs(otherPlugin.Single()), "another plugin's registrations are untouched");
    }

    [Test]
    public void Commit_WhileAnotherThreadReads_TheReaderSeesOneWholeGenerationEveryTime()
    {
        const int Generations = 500;
        var registry = new PluginRegistry();
        Publish(registry, "Greeter", 1, "greet", "wave", "nod");
        var mixed = new ConcurrentQueue<string>();
        using var reading = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();
        var reader = Task.Factory.StartNew(() =>
        {
            reading.Set();
            while (!stop.IsCancellationRequested)
            {
                var snapshot = registry.Commands;
                if (snapshot.Count != 3 || snapshot.Select(c => c.Generation).Distinct().Count() != 1)
                {
                    mixed.Enqueue(string.Join(", ", snapshot.Select(c => $"{c.Name}#{c.Generation}")));
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.That(reading.Wait(TimeSpan.FromSeconds(10)), Is.True);

        for (var generation = 2; generation <= Generations; generation++)
        {
            Publish(registry, "Greeter", generation, "greet", "wave", "nod");
        }

        stop.Cancel();
        Assert.That(reader.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(mixed, Is.Empty, "a reader saw part of one generation with part of another");
        Assert.That(registry.Commands.Select(c => c.Generation), Is.All.EqualTo(Generations));
    }

    [Test]
    public void Discard_StagedCommands_PublishesNothingAndKeepsTheEarlierGeneration()
    {
        var registry = new PluginRegistry();
        Publish(registry, "Greeter", 1, "greet");
        var failing = Registrar(registry, "Greeter", 2);
        failing.AddCommand("greet", "Says hello again.", _ => "v2");
        failing.AddCommand("nod", "Nods.", _ => "v2");

        failing.Discard();

        Assert.That(registry.FindCommand("nod"), Is.Null);
        Assert.That(registry.FindCommand("greet")!.Generation, Is.EqualTo(1));
        Assert.That(registry.Invoke("greet", ""), Is.EqualTo("greet v1"));
    }

    [TestCase(nameof(PluginRegistrar.Commit))]
    [TestCase(nameof(PluginRegistrar.Discard))]
    public void AddCommand_AfterRegistrationClosed_ThrowsWithWhatToDo(string closedBy)
    {
        var registry = new PluginRegistry();
        var registrar = Registrar(registry, "Late", 1);
        registrar.AddCommand("late.add", "Registered in time.", _ => "");
        if (closedBy == nameof(PluginRegistrar.Commit))
        {
            registrar.Commit();
        }
        else
        {
            registrar.Discard();
        }

        Assert.That(() => registrar.AddCommand("late.extra", "Too late.", _ => "never"), Throws.InvalidOperationException.With.Message.EqualTo(
            "The plugin 'Late' tried to register the command 'late.extra' after its Register() returned. Register everything inside Register()."));
        Assert.That(registry.FindCommand("late.extra"), Is.Null);
    }

    [Test]
    public void AddCommand_NameAnotherPluginOwns_ThrowsNamingBothPlugins()
    {
        var registry = new PluginRegistry();
        Publish(registry, "First", 1, "shared");
        var second = Registrar(registry, "Second", 1);

        Assert.That(() => second.AddCommand("shared", "Second's.", _ => "second"), Throws.InvalidOperationException.With.Message.EqualTo(
            "The plugin 'Second' cannot register the command 'shared': the plugin 'First' registered it already. Rename one of the commands."));
        second.Commit();
        Assert.That(registry.Invoke("shared", ""), Is.EqualTo("shared v1"));
        Assert.That(registry.FindCommand("shared")!.Plugin, Is.EqualTo("First"));
    }

    [Test]
    public void AddCommand_NameItsOwnEarlierGenerationHolds_TakesItOver()
    {
        var registry = new PluginRegistry();
        Publish(registry, "Greeter", 1, "greet");
        var next = Registrar(registry, "Greeter", 2);

        next.AddCommand("greet", "Says hello again.", _ => "v2");
        next.Commit();

        Assert.That(registry.FindCommand("greet")!.Generation, Is.EqualTo(2));
        Assert.That(registry.Invoke("greet", ""), Is.EqualTo("v2"));
    }

    [Test]
    public void AddCommand_SameNameTwiceInOneGeneration_ThrowsAndKeepsTheFirst()
    {
        var registry = new PluginRegistry();
        var registrar = Registrar(registry, "Greeter", 1);
        registrar.AddCommand("greet", "Says hello.", _ => "first");

        Assert.That(() => registrar.AddCommand("greet", "Says hello twice.", _ => "second"), Throws.InvalidOperationException.With.Message.EqualTo(
            "The plugin 'Greeter' cannot register the command 'greet': the plugin 'Greeter' registered it already. Rename one of the commands."));
        registrar.Commit();
        Assert.That(registry.Invoke("greet", ""), Is.EqualTo("first"));
    }

    [Test]
    public void AddCommand_SameNameTwiceInAReloadedGeneration_Throws()
    {
        var registry = new PluginRegistry();
        Publish(registry, "Greeter", 1, "greet");
        var next = Registrar(registry, "Greeter", 2);
        next.AddCommand("greet", "Says hello again.", _ => "v2");

        Assert.That(() => next.AddCommand("greet", "Says hello twice.", _ => "v2 again"), Throws.InvalidOperationException.With.Message.EqualTo(
            "The plugin 'Greeter' cannot register the command 'greet': the plugin 'Greeter' registered it already. Rename one of the commands."));
    }

    [TestCase("two words")]
    [TestCase("")]
    [TestCase("../escape")]
    [TestCase("-flag")]
    public void AddCommand_InvalidName_ThrowsArgumentExceptionWithTheRule(string name)
    {
        var registry = new PluginRegistry();
        var registrar = Registrar(registry, "Greeter", 1);

        Assert.That(() => registrar.AddCommand(name, "Bad name.", _ => ""), Throws.ArgumentException
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo("name")
            .And.Message.EqualTo($"'{name}' is not a valid command name: use letters, digits, '.', '_' and '-' with no white space. (Parameter 'name')"));
        registrar.Commit();
        Assert.That(registry.Commands, Is.Empty);
    }

    [Test]
    public void Invoke_CommandOfARetiredGeneration_IsNotCurrentAndThrowsInsteadOfRunning()
    {
        var registry = new PluginRegistry();
        var lease = new GenerationLease();
        var runs = 0;
        var registrar = new PluginRegistrar(registry, "Greeter", 3, lease, pluginContext: null);
        registrar.AddCommand("greet", "Says hello.", _ => $"hello {++runs}");
        registrar.Commit();
        var kept = registry.FindCommand("greet")!;
        Assert.That(kept.IsCurrent, Is.True);
        Assert.That(kept.Invoke(""), Is.EqualTo("hello 1"));

        RetireWithoutWaiting(lease);

        Assert.That(kept.IsCurrent, Is.False);
        Assert.That(() => kept.Invoke(""), Throws.TypeOf<ObjectDisposedException>().With.Message.EqualTo(
            "The command 'greet' belongs to the plugin 'Greeter' generation 3, which was unloaded or replaced by a reload; this reference is stale. "
            + "Look the command up again, or hold a CommandHandle (PluginRegistry.Handle), which always reaches the current generation."
            + Environment.NewLine + "Object name: 'greet'."));
        Assert.That(runs, Is.EqualTo(1), "the handler did not run after retirement");
    }

    private static PluginRegistrar Registrar(PluginRegistry registry, string plugin, int generation) =>
        new(registry, plugin, generation, new GenerationLease(), pluginContext: null);

    /// <summary>Commits one generation whose commands answer "{name} v{generation}"; returns what it published.</summary>
    private static List<RegisteredCommand> Publish(PluginRegistry registry, string plugin, int generation, params string[] commands)
    {
        var registrar = Registrar(registry, plugin, generation);
        foreach (var command in commands)
        {
            registrar.AddCommand(command, $"{command} of generation {generation}.", _ => $"{command} v{generation}");
        }

        registrar.Commit();
        return [.. commands.Select(c => registry.FindCommand(c)!)];
    }

    /// <summary>
    /// The only use of <see cref="GenerationLease.RetireAsync"/> here: what is under test is a retired lease's
    /// effect on the commands, not retiring (no call is running, so nothing is waited for).
    /// </summary>
    private static void RetireWithoutWaiting(GenerationLease lease) =>
        Assert.That(lease.RetireAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None).IsCompletedSuccessfully, Is.True);
}
