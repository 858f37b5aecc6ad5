using System.Runtime.InteropServices;
using PluginHost.Cli;

// Ctrl+C and SIGTERM cancel the command, which stops within its shutdown grace and exits with its code.
// A second signal ends the process at once, the way an operator expects when the first seems ignored.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (stop.IsCancellationRequested)
    {
        return;
    }

    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
return await CliApplication.InvokeAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
