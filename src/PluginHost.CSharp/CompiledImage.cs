namespace PluginHost.CSharp;

/// <summary>A compiled plugin: its cache key (a hash of its sources), assembly image and portable PDB.</summary>
internal sealed record CompiledImage(string Key, byte[] Assembly, byte[] Symbols);
