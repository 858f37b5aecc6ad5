namespace PluginHost.Leaks;

/// <summary>One object on the way from a root to the plugin: its type, and the field through which it holds the next object.</summary>
/// <param name="TypeName">The object's type, as the runtime names it.</param>
/// <param name="Field">The field (or <c>[element]</c> of an array, with the field of a struct element) holding the next object; null for the last step.</param>
public sealed record LeakStep(string TypeName, string? Field);
