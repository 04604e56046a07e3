using System.Runtime.InteropServices;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Turns SIGTERM, SIGINT and SIGUSR1 (Slurm's warning before preemption or the time limit, sent with
/// <c>--signal=B:USR1@N</c>) into a graceful stop instead of the runtime's default exit: the worker saves a
/// checkpoint, leaves the lease to expire (so the run is re-leased and resumes) and exits with 128+signal.
/// </summary>
public sealed class StopSignals : IDisposable
{
    // Linux numbering; PosixSignal has no named member for SIGUSR1, raw numbers are accepted on Unix.
    private const int SigUsr1 = 10;

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <param name="listen">False leaves the process's signal handling alone (tests call <see cref="Request"/>).</param>
    public StopSignals(bool listen = true)
    {
        if (!listen) return;
        Register(PosixSignal.SIGTERM, "SIGTERM", 15);
        Register(PosixSignal.SIGINT, "SIGINT", 2);
        if (!OperatingSystem.IsWindows()) Register((PosixSignal)SigUsr1, "SIGUSR1", SigUsr1);
    }

    public CancellationToken Stopping => _stopping.Token;
    public string? Signal { get; private set; }
    public int ExitCode { get; private set; }

    /// <summary>Stop as if a signal had arrived (tests, and callers that want the same path).</summary>
    public void Request(string name, int number)
    {
        if (Signal is not null) return;
        Signal = name;
        ExitCode = 128 + number;
        Console.Error.WriteLine($"worker: {name} received; saving a checkpoint and stopping");
        _stopping.Cancel();
    }

    private void Register(PosixSignal signal, string name, int number) =>
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true; // keep running until the checkpoint is saved
            Request(name, number);
        }));

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _stopping.Dispose();
    }
}
