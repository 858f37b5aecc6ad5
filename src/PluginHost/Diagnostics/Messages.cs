using System.Globalization;
using System.Text;

namespace PluginHost.Diagnostics;

/// <summary>
/// Every message a user can read, in one place so they read alike: what went wrong, with the offending
/// value and where it came from, then what to do.
/// </summary>
internal static class Messages
{
    /// <summary>The finder name a plugin pinned to a path (<c>path = "..."</c>) reports.</summary>
    public const string PinnedFinderName = "path";

    /// <summary>The environment variable that adds search paths, like <c>PYTHONPATH</c>.</summary>
    public const string SearchPathVariable = "PLUGINHOST_PATH";

    public static string ConfigurationInvalid(string file, IReadOnlyList<ConfigurationError> errors)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The configuration file '{file}' is not valid ({errors.Count} {Plural(errors.Count, "error")}):");
        foreach (var error in errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {error}");
        }

        return text.ToString();
    }

    public static string ConfigurationUnreadable(Exception e) =>
        $"The configuration file cannot be read: {Clause(e.Message)}. Check the path given to the host.";

    public static string TomlSyntax(string detail) =>
        $"This is not valid TOML: {Clause(detail)}. Fix the TOML syntax at this position.";

    public static string TomlUnreadable(Exception e) =>
        $"The TOML reader failed on this file with {e.GetType().Name}: {Clause(e.Message)}. Check the file for unusual characters or structure.";

    public static string PathInvalid(string key, string value, Exception? e) =>
        value.Contains('\0', StringComparison.Ordinal)
            ? $"'{key}' is not a valid path: it contains the NUL character (U+0000). Remove it from the path."
            : $"'{key}' is not a valid path ({Clause(e?.Message ?? "unknown reason")}). Write a folder or file path relative to this file.";

    public static string UnknownKey(string key, string where, IEnumerable<string> allowed) =>
        $"Unknown key '{key}' in {where}. Expected one of: {string.Join(", ", allowed)}.";

    public static string WrongType(string key, string expected, object? actual) =>
        $"'{key}' must be {expected}, but it is {Describe(actual)}.";

    public static string MissingPluginName(int index) =>
        $"plugins[{index}] has no 'name'. Write it as {{ name = \"MyPlugin\" }}.";

    public static string DuplicatePluginEntry(string name) =>
        $"The plugin '{name}' is listed twice in 'plugins'. Remove one of the entries.";

    public static string InvalidPluginName(string? name, string reason) =>
        $"'{name}' is not a valid plugin name: {reason}. A plugin name is not a path.";

    public static string PluginNotFound(string name, IReadOnlyList<ImportProbe> probes, IReadOnlyList<string> finders)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"No plugin named '{name}' was found. ");
        if (finders.Count == 0)
        {
            text.Append("The finder chain is empty.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Finders tried, in order: {string.Join(", ", finders)}.");
        }

        if (probes.Count > 0)
        {
            text.Append(Environment.NewLine).Append("Places tried, in order:");
            foreach (var probe in probes)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  [{probe.Finder}] {probe.Location}: {probe.Outcome}");
            }
        }

        if (finders is [PinnedFinderName])
        {
            text.Append(Environment.NewLine).Append(
                "The configuration gives this plugin an explicit 'path', so the search path and the finder chain were not consulted. Fix the path (it is relative to the TOML file), or remove it to search the search path.");
            return text.ToString();
        }

        text.Append(Environment.NewLine).Append(CultureInfo.InvariantCulture,
            $"Build the plugin into one of these places, add its folder to search_paths or {SearchPathVariable}, or check the name's spelling (names are case-sensitive).");
        return text.ToString();
    }

    public static string FinderPackageMissing(string key, string? plugin, string package, string purpose) =>
        $"'{key}'{(plugin is null ? string.Empty : $" of the plugin '{plugin}'")} needs the {package} package, which {purpose}, and this application does not reference it. Add it to the host project (dotnet add package {package}), or remove '{key}'.";

    public static string FinderPackageUnusable(string package, string version, string coreVersion) =>
        $"The application references the assembly {package} {version}, but it names no finder factory PluginHost {coreVersion} can use. Reference the {package} package of the same version as PluginHost.";

    public static string MissingFinderKeys(int index) =>
        $"finders[{index}] needs both 'type' and 'assembly'. Write it as {{ type = \"MyFinders.ZipArchiveFinder\", assembly = \"bin/MyFinders/MyFinders.dll\" }}.";

    public static string FinderAssemblyMissing(string path) =>
        $"The finder assembly '{path}' does not exist. Build the finder project, or fix 'assembly' (it is relative to the TOML file).";

    public static string FinderAssemblyUnloadable(string path, string detail) =>
        $"The finder assembly '{path}' could not be loaded: {Clause(detail)}. Point 'assembly' at the finder's built .dll.";

    public static string FinderTypeMissing(string type, string path, IEnumerable<string> finders)
    {
        var known = string.Join(", ", finders);
        return $"The finder assembly '{path}' has no public type '{type}'. "
            + (known.Length == 0 ? "It has no public type implementing PluginHost.Finding.IPluginFinder at all." : $"Its finders are: {known}.")
            + " Give 'type' as the full name, namespace included.";
    }

    public static string FinderNotAFinder(string type, string path) =>
        $"The type '{type}' in '{path}' does not implement PluginHost.Hooks.IPluginFinder (or is abstract). Implement IPluginFinder, referencing PluginHost with Private=\"false\" so the host's copy is shared.";

    public static string FinderNoConstructor(string type) =>
        $"The finder '{type}' has no public constructor the host can call. Add one taking (IReadOnlyDictionary<string, string> settings, string configurationDirectory), one taking the settings, or a parameterless one.";

    public static string FinderConstructorThrew(string type, Exception e) =>
        $"The finder '{type}' threw {e.GetType().Name} from its constructor: {Clause(e.Message)}. Check its settings.";

    public static string EmptyImage(string name) =>
        $"The assembly image given for the plugin '{name}' is empty. Pass the bytes of a built plugin .dll.";

    public static string NotAnAssembly(string name, string origin, string detail) =>
        $"The plugin '{name}' at '{origin}' is not a .NET assembly ({Clause(detail)}). Rebuild the plugin, or remove the stray file.";

    public static string ReferenceAssembly(string name, string origin, string assemblyName) =>
        $"The plugin '{name}' at '{origin}' is a reference assembly of '{assemblyName}': it describes the public types but has no code, so it cannot run. "
        + "Point the host at the built assembly (the project's bin output or its deployed folder), not at obj/.../ref/.";

    public static string AssemblyNameMismatch(string name, string origin, string expected, string actual) =>
        $"The plugin '{name}' at '{origin}' is the assembly '{actual}', not '{expected}', so it was not loaded. "
        + $"A renamed or misplaced file would run under a name that is not its own: build the plugin with <AssemblyName>{expected}</AssemblyName>, "
        + $"or name the file by its assembly ({actual}.dll) and import it as '{actual}'.";

    public static string LoadFailed(string name, string origin, string detail) =>
        $"The plugin '{name}' at '{origin}' could not be loaded: {Clause(detail)}. Check that its dependencies were built into its folder.";

    public static string NoPluginType(string name, string origin, bool referencesOtherAbstractions) =>
        referencesOtherAbstractions
            ? $"The plugin '{name}' at '{origin}' implements IPlugin from a different copy of PluginHost.Abstractions than the host's. Reference PluginHost.Abstractions with Private=\"false\" so the host's copy is shared."
            : $"The plugin '{name}' at '{origin}' has no public class implementing PluginHost.IPlugin. Add one with a public parameterless constructor and a Register(IPluginContext) method.";

    public static string AmbiguousPluginType(string name, string origin, IEnumerable<string> types) =>
        $"The plugin '{name}' at '{origin}' has more than one public class implementing PluginHost.IPlugin ({string.Join(", ", types)}). Keep exactly one.";

    public static string CreateFailed(string name, string type, string detail) =>
        $"The plugin '{name}' could not create its {type}: {Clause(detail)}. Give it a public parameterless constructor that does not throw.";

    public static string RegisterFailed(string name, string origin, Exception e) =>
        $"The plugin '{name}' at '{origin}' threw {e.GetType().Name} in Register(): {Clause(e.Message)}. Its registrations were discarded and it was unloaded; the other plugins are unaffected. Fix the plugin and import it again.";

    public static string SharedAssemblyMissingInHost(string name, string assembly, Version version) =>
        $"The plugin '{name}' was built against {assembly} {version}, which the host shares with every plugin, but the host itself has no {assembly}. "
        + $"Reference {assembly} from the host application (or remove it from shared_assemblies); a plugin's own copy is never used for a shared assembly.";

    public static string SharedAssemblyTooNew(string name, string assembly, Version pluginVersion, Version hostVersion) =>
        $"The plugin '{name}' was built against {assembly} {pluginVersion}, but the host shares {assembly} {hostVersion}, which is older. "
        + $"Build the plugin against {assembly} {hostVersion} or earlier, or update the host to {pluginVersion}.";

    public static string FrameworkMissing(string name, string framework, string version, string runtimeConfig, string folder, IReadOnlyList<string> installed) =>
        $"The plugin '{name}' needs the shared framework {framework} {version} (named in '{runtimeConfig}'), which the host does not run on, and no compatible version is installed in '{folder}': "
        + (installed.Count == 0 ? "no version of it is installed. " : $"installed are {string.Join(", ", installed)}. ")
        + $"Install the {framework} runtime {version} or a later {version.Split('.')[0]}.x on this machine, or build the plugin against a version that is installed.";

    public static string StartFailed(string name, Exception e) =>
        $"The plugin '{name}' threw {e.GetType().Name} in StartAsync(): {e.Message.TrimEnd('.')}. The new generation was disposed and unloaded; the generation before it, if any, keeps serving. Fix the plugin and import it again.";

    public static string PhaseTimedOut(string name, int generation, string phase, TimeSpan limit, string key) =>
        $"The plugin '{name}' generation {generation} did not finish {phase} within {limit.TotalSeconds:0.###} s. Its generation was abandoned: its code may still be running, so its load context cannot be unloaded until the process ends; the other plugins are unaffected. "
        + $"Make {phase} return sooner, or raise the limit ({key} under [timeouts] in the TOML, or PluginRuntimeOptions.Timeouts).";

    public static string FinderThrew(string name, string finder, Exception e) =>
        $"The finder '{finder}' threw {e.GetType().Name} while looking for the plugin '{name}': {Clause(e.Message)}. The import was stopped; fix the finder, or remove it from the chain.";

    public static string ImportCancelled(string name) =>
        $"The import of the plugin '{name}' was cancelled before it was committed; nothing of it was kept.";

    public static string UnexpectedFailure(string name, string phase, Exception e) =>
        $"The {phase} of the plugin '{name}' failed with {e.GetType().Name}: {Clause(e.Message)}. Nothing of the attempt was kept and the plugins already loaded keep serving; this is likely a bug in PluginHost, please report it with this message.";

    public static string RuntimeDisposed() =>
        "The plugin runtime was disposed; it imports and reloads nothing more. Create a new PluginRuntime.";

    public static string CommandNameInvalid(string name) =>
        $"'{name}' is not a valid command name: use letters, digits, '.', '_' and '-' with no white space.";

    public static string CommandConflict(string command, string plugin, string owner) =>
        $"The plugin '{plugin}' cannot register the command '{command}': the plugin '{owner}' registered it already. Rename one of the commands.";

    public static string ExtensionRegistrationClosed(string plugin, string contract) =>
        $"The plugin '{plugin}' tried to register an implementation of {contract} after its Register() returned. Register everything inside Register().";

    public static string ExtensionNameInvalid(string name) =>
        $"'{name}' is not a valid implementation name: use letters, digits, '.', '_' and '-' with no white space.";

    public static string ExtensionConflict(string contract, string name, string plugin, string owner) =>
        $"The plugin '{plugin}' cannot register {contract} under the name '{name}': the plugin '{owner}' registered it already. Choose another name.";

    public static string ContractNotShared(string plugin, string contract, string assembly) =>
        $"The plugin '{plugin}' registered an implementation of {contract}, but its assembly {assembly} is the plugin's own copy, which the host never sees. "
        + $"Share it: add \"{assembly}\" to shared_assemblies in the host's TOML (or PluginRuntimeOptions.SharedAssemblies), and reference the same {assembly} from the host.";

    public static string NoImplementation(string contract, string? name, string? plugin, IEnumerable<string> available)
    {
        var wanted = contract + (name is null ? string.Empty : $" named '{name}'") + (plugin is null ? string.Empty : $" from the plugin '{plugin}'");
        var list = available.ToList();
        return list.Count == 0
            ? $"No loaded plugin provides {wanted}. Import a plugin that registers it (context.Registry.Add<{contract.Split('.')[^1]}>(...) in its Register())."
            : $"No loaded plugin provides {wanted}. Loaded implementations: {string.Join(", ", list)}.";
    }

    public static string RegistrationClosed(string plugin, string command) =>
        $"The plugin '{plugin}' tried to register the command '{command}' after its Register() returned. Register everything inside Register().";

    public static string CommandNotFound(string command, IEnumerable<string> known)
    {
        var names = string.Join(", ", known);
        return $"No loaded plugin registered a command named '{command}'. "
            + (names.Length == 0 ? "No commands are registered." : $"Registered commands: {names}.");
    }

    public const string Unregistered = "(not registered)";

    public static string CommandStale(string command, string plugin, int generation) =>
        $"The command '{command}' belongs to the plugin '{plugin}' generation {generation}, which was unloaded or replaced by a reload; this reference is stale. Look the command up again, or hold a CommandHandle (PluginRegistry.Handle), which always reaches the current generation.";

    public static string UnloadLeak(string name, int generation, int passes) =>
        $"The plugin '{name}' generation {generation} was released, but its load context is still alive after {passes} GC passes: something still references its types. "
        + "Usual causes: static or AppDomain.ProcessExit/DomainUnload event handlers it added, AssemblyLoadContext.Default.Resolving handlers, AppContext.SetData values, timers or threads it started, an implementation taken out of an ExtensionHandle or lease and kept (PluginRegistry.IsCurrent tells which), "
        + "and System.Text.Json or TypeDescriptor caches holding its types. Remove them in the plugin's Dispose(). The new generation is serving; the old one stays in memory until the process ends. "
        + "To see exactly what holds it, explain the leak with PluginHost.Leaks (LeakExplainer.ExplainAsync) or run `pluginhost watch --explain-leaks`.";

    public static string ReloadNotLoaded(string name) =>
        $"The plugin '{name}' is not loaded, so there is nothing to reload. Import it first.";

    public static string RelockFailed(string name, string lockFile, Exception e) =>
        $"The reloaded plugin '{name}' could not be re-locked: writing '{lockFile}' failed: {Clause(e.Message)}. It was not loaded; the previous generation keeps serving. Check the permissions of the lock file's folder.";

    public static string RemovedPluginStillImported(string removed, IReadOnlyList<string> importers) =>
        $"The plugin '{removed}' was removed from the list (or disabled), but {string.Join(", ", importers.Select(i => $"'{i}'"))} still {(importers.Count == 1 ? "imports" : "import")} it, "
        + $"so nothing of this edit was applied. Remove or disable {(importers.Count == 1 ? "that plugin" : "those plugins")} in the same edit, or keep '{removed}'.";

    public static string RestartRequired(string file, IReadOnlyList<string> keys) =>
        $"{string.Join(", ", keys)} changed in {file}; {(keys.Count == 1 ? "it takes" : "they take")} effect only when the host starts, so restart it to apply {(keys.Count == 1 ? "it" : "them")}. The rest of the edit was applied.";

    public static string GenerationUnloaded(string name, int generation) =>
        $"The plugin '{name}' generation {generation} was unloaded; this object is stale. Import '{name}' again to reach the current generation.";

    public static string ManifestInvalid(string name, string file, IReadOnlyList<ConfigurationError> errors)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The manifest of the plugin '{name}' at '{file}' is not valid ({errors.Count} {Plural(errors.Count, "error")}):");
        foreach (var error in errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {error}");
        }

        text.Append(Environment.NewLine).Append("Fix plugin.toml (see the README's Plugin manifest section); the plugin is not loaded until it is valid.");
        return text.ToString();
    }

    public static string ManifestVersionInvalid(string version) =>
        $"'version' must be a SemVer 2.0 version such as \"1.2.0\" or \"2.0.0-beta.1\", but it is \"{version}\". Write major.minor.patch.";

    public static string ManifestNameMismatch(string name, string manifestName, string file) =>
        $"The plugin '{name}' has a manifest '{file}' that names it '{manifestName}'. Make 'name' in plugin.toml match the plugin's folder and assembly name, or remove it.";

    public static string ManifestEntryMissing(string name, string entry, string file) =>
        $"The manifest '{file}' of the plugin '{name}' gives entry = \"{entry}\", but there is no such file beside it. Build the plugin into that folder or fix 'entry'.";

    public static string RequirementNameInvalid(string text, string reason) =>
        $"The requirement \"{text}\" does not start with a valid plugin name ({reason}). Write it as \"Greeter\" or \"Greeter >= 1.2, < 2\".";

    public static string RequirementConstraintInvalid(string text, string constraint) =>
        $"The version constraint '{constraint}' in the requirement \"{text}\" is not valid. Write comparators separated by commas, such as \">= 1.2, < 2\", \"= 1.4.0\", \"^1.2\" or \"~1.2.3\".";

    public static string DuplicateRequirement(string name) =>
        $"'requires' lists the plugin '{name}' more than once. Combine its constraints into one entry, such as \"{name} >= 1.2, < 2\".";

    public static string RequirementNotFound(string name, string? version, string requirement, string required, string detail) =>
        $"The plugin '{name}'{VersionSuffix(version)} requires '{requirement}', but no plugin named '{required}' was found, so '{name}' was not loaded. "
        + $"Install '{required}' into the search path, or remove it from 'requires' in the manifest of '{name}'.{Environment.NewLine}{detail}";

    public static string RequirementVersionMismatch(string name, string? version, string requirement, string required, string constraint, string foundVersion, string foundOrigin) =>
        $"The plugin '{name}'{VersionSuffix(version)} requires '{requirement}', but '{required}' is version {foundVersion} (at '{foundOrigin}'), so '{name}' was not loaded. "
        + $"Install a version of '{required}' that satisfies '{constraint}', or change the constraint in the manifest of '{name}'.";

    public static string RequirementFailed(string name, string requirement, string required, string detail) =>
        $"The plugin '{name}' requires '{requirement}', which failed to import, so '{name}' was not loaded either. Fix '{required}' first: {detail}";

    public static string RequiresCycle(IReadOnlyList<string> chain) =>
        $"The plugins require each other in a cycle: {string.Join(" -> ", chain)}. None of them was loaded. Remove one of these 'requires' entries, or move the shared part into a plugin they all require.";

    public static string ImportDeadlock(IReadOnlyList<string> chain) =>
        $"Importing '{chain[^1]}' would wait forever: threads are importing these plugins in a cycle, each waiting for the next: {string.Join(" -> ", chain)}. "
        + "This import was stopped instead. Break the cycle of imports made from Register(), or declare the order with 'requires' in the plugins' manifests.";

    public static string LockFileRequired(string lockFile, string configuration) =>
        $"'require_lock = true', but the lock file '{lockFile}' does not exist. Run 'pluginhost lock {configuration}' to pin the plugins' files as they are now, or remove 'require_lock'.";

    public static string LockFileNotJson(string detail) =>
        $"This lock file is not valid JSON: {Clause(detail)}. Run 'pluginhost lock <config>' to write it again.";

    public static string LockFileUnreadable(Exception e) =>
        $"The lock file cannot be read: {Clause(e.Message)}. Check its permissions, or run 'pluginhost lock <config>' to write it again.";

    public static string LockFileSchema(int version) =>
        $"This is not a version {version} PluginHost lock file (an object with 'lockVersion', 'configuration' and 'plugins', each plugin an object of file -> SHA-256). Run 'pluginhost lock <config>' to write it again.";

    public static string PluginNotLocked(string name, string origin, string lockFile, string configuration) =>
        $"The plugin '{name}' at '{origin}' is not in the lock file '{lockFile}', so it was not loaded: a locked host loads only the plugins it pins. "
        + $"If you trust it, list it in the configuration and re-lock with 'pluginhost lock {configuration}'.";

    public static string LockedFilesUnreadable(string name, string origin, Exception e, string configuration) =>
        $"The files of the plugin '{name}' at '{origin}' cannot be read to check them against the lock file: {Clause(e.Message)}. It was not loaded. Fix the permissions, or re-lock with 'pluginhost lock {configuration}'.";

    public static string LockMismatch(string name, string lockFile, IReadOnlyList<(string File, string? Expected, string? Actual)> differences, string configuration)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The plugin '{name}' does not match the lock file '{lockFile}', so it was not loaded ({differences.Count} {Plural(differences.Count, "file")} changed):");
        foreach (var (file, expected, actual) in differences)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {file}: expected SHA-256 {expected ?? "none (not in the lock file)"}, actual {actual ?? "none (the file is missing)"}");
        }

        text.Append(Environment.NewLine).Append(CultureInfo.InvariantCulture,
            $"If you changed the plugin on purpose, re-lock with 'pluginhost lock {configuration}'; otherwise restore the files it was locked with.");
        return text.ToString();
    }

    private static string VersionSuffix(string? version) => version is null ? string.Empty : $" {version.Split('+')[0]}";

    private static string Describe(object? value) => value switch
    {
        null => "missing",
        string s => $"the string \"{s}\"",
        bool b => b ? "true" : "false",
        long or double => $"the number {Convert.ToString(value, CultureInfo.InvariantCulture)}",
        Tomlyn.Model.TomlArray => "an array",
        Tomlyn.Model.TomlTable => "a table",
        _ => $"a {value.GetType().Name}",
    };

    /// <summary>
    /// Another message (an exception's, usually) made into one clause of ours: its lines joined with
    /// spaces and its final period dropped, so no line of the result starts with ". Check that…".
    /// </summary>
    public static string Clause(string message)
    {
        var lines = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', lines).TrimEnd('.', ' ');
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
