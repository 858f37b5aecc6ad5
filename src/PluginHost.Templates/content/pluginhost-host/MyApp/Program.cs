using MyApp;
using MyApp.Contracts;
using PluginHost.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// PluginHost reads its options from the "PluginHost" section of appsettings.json, which names plugins.toml.
// The plugins are imported when the host starts and unloaded when it stops; in Development they are
// reloaded whenever their files change (rebuild a plugin while the app runs).
builder.AddPluginHost()
       .AddExtension<IGreeter>();   // shares IGreeter with the plugins and injects ExtensionSet<IGreeter>

builder.Services.AddHostedService<GreetingWorker>();

await builder.Build().RunAsync();
