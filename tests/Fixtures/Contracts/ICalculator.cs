namespace FixtureContracts;

/// <summary>
/// A host contract whose methods cost almost nothing, so a benchmark of calls through a live handle
/// measures the handle and not the work behind it.
/// </summary>
public interface ICalculator
{
    /// <summary>Adds two numbers.</summary>
    /// <param name="a">The first number.</param>
    /// <param name="b">The second number.</param>
    /// <returns>Their sum.</returns>
    int Add(int a, int b);

    /// <summary>Adds two numbers and returns an already completed task.</summary>
    /// <param name="a">The first number.</param>
    /// <param name="b">The second number.</param>
    /// <returns>A completed task with their sum.</returns>
    Task<int> AddAsync(int a, int b);
}
