namespace FixtureContracts;

/// <summary>A host contract: plugins implement it, the host calls it through live handles.</summary>
public interface IGreeting
{
    /// <summary>Greets <paramref name="who"/>, saying which build answered.</summary>
    /// <param name="who">Whom to greet.</param>
    /// <returns>The greeting.</returns>
    string Greet(string who);

    /// <summary>Greets once <paramref name="gate"/> completes: a call that stays inside its generation across an await.</summary>
    /// <param name="who">Whom to greet.</param>
    /// <param name="gate">Completes when the greeting may be made.</param>
    /// <returns>The greeting.</returns>
    Task<string> GreetWhenAsync(string who, Task gate);
}
