namespace PluginHost.Reloading;

/// <summary>Reports that something changed in a watched folder: by file system events or by polling.</summary>
internal interface IChangeSource : IDisposable
{
    string Kind { get; }
}
