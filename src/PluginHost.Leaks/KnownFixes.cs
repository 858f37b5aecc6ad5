namespace PluginHost.Leaks;

/// <summary>The usual fix for paths of a known shape: what the plugin (or the host) has to undo, and where.</summary>
internal static class KnownFixes
{
    public static string? For(LeakPath path)
    {
        var root = path.Root.Description;
        var types = string.Join(" ", path.Steps.Select(s => s.TypeName));
        var fields = string.Join(" ", path.Steps.Select(s => s.Field));
        if (root.Contains("System.AppContext.s_dataStore", StringComparison.Ordinal))
        {
            return "the plugin stored one of its objects with AppContext.SetData; set the value back to null (AppContext.SetData(name, null)) in the plugin's Dispose(), or store only host types there.";
        }

        if (root.StartsWith("static event AppDomain.CurrentDomain.", StringComparison.Ordinal) || root.StartsWith("static event System.AppContext.", StringComparison.Ordinal))
        {
            var name = path.Steps.Count > 1 && root.StartsWith("static event AppDomain", StringComparison.Ordinal) ? path.Steps[0].Field : root[(root.LastIndexOf('.') + 1)..];
            return $"the plugin subscribed to AppDomain.CurrentDomain.{name} and never unsubscribed; remove the handler (-=) in the plugin's Dispose().";
        }

        if (path.Steps.Any(s => s.TypeName.Contains("AssemblyLoadContext", StringComparison.Ordinal))
            && (fields.Contains("_resolving", StringComparison.Ordinal) || fields.Contains("_unloading", StringComparison.Ordinal)))
        {
            return "the plugin added a handler to an event of another load context (AssemblyLoadContext.Default.Resolving, ResolvingUnmanagedDll or Unloading); remove it in the plugin's Dispose().";
        }

        if (types.Contains("System.Threading.TimerQueueTimer", StringComparison.Ordinal))
        {
            return "a timer the plugin started is still scheduled; dispose it (Timer.Dispose, PeriodicTimer.Dispose) in the plugin's Dispose().";
        }

        if (path.Root.Kind == LeakRootKind.ThreadStack && path.Root.Owner == RootOwner.Plugin)
        {
            return "a thread the plugin started is still running its code; signal it to stop (a CancellationToken) and join it in the plugin's Dispose(). Prefer tasks that observe a token to raw threads.";
        }

        if (types.Contains("System.ComponentModel.TypeDescriptor", StringComparison.Ordinal) || root.Contains("System.ComponentModel.TypeDescriptor", StringComparison.Ordinal))
        {
            return "the plugin registered with TypeDescriptor (AddProvider, AddAttributes); undo it with TypeDescriptor.RemoveProvider in the plugin's Dispose(), and call TypeDescriptor.Refresh on the plugin's assembly.";
        }

        if (types.Contains("System.Text.Json", StringComparison.Ordinal) || root.Contains("System.Text.Json", StringComparison.Ordinal))
        {
            return "System.Text.Json cached metadata for a plugin type in shared JsonSerializerOptions (the default options, or options the host owns); serialize with JsonSerializerOptions the plugin creates, or with a JsonSerializerContext of the plugin's own.";
        }

        return path.Root.Owner switch
        {
            RootOwner.Host => "the host keeps an object of the plugin's itself; keep a CommandHandle (PluginRegistry.Handle) or look the plugin up again (PluginRuntime.Import) instead of holding LoadedPlugin.Instance or an object a plugin returned.",
            RootOwner.ThirdParty => $"a library shared with the host ({path.Root.OwnerAssembly}) keeps the plugin's object; remove the plugin's entries when it unloads (AssemblyLoadContext.Unloading, or the plugin's Dispose()), or let the plugin carry its own copy of that library instead of sharing the host's.",
            _ => null,
        };
    }
}
