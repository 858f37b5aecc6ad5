namespace MyApp.Contracts;

/// <summary>What a MyApp plugin provides: a greeting. Plugins register implementations in <c>Register()</c>.</summary>
public interface IGreeter
{
    /// <summary>Greets <paramref name="name"/>.</summary>
    /// <param name="name">Who to greet.</param>
    /// <returns>The greeting.</returns>
    string Greet(string name);
}
