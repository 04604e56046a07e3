using System.Diagnostics;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>A running worker child: its output goes to the service log, its exit code to <see cref="Exited"/>.</summary>
public sealed class WorkerProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(long sweepId, string workerId, Process process)
    {
        SweepId = sweepId;
        WorkerId = workerId;
        _process = process;
    }

    public long SweepId { get; }
    public string WorkerId { get; }
    public int ProcessId { get; private set; }
    public Task<int> Exited => _exited.Task;

    /// <summary>True once the executor killed it (cancel, shutdown): its exit is not a crash.</summary>
    public bool Killed { get; private set; }

    public static WorkerProcess Start(long sweepId, string workerId, WorkerStart start, ILogger logger)
    {
        var info = new ProcessStartInfo(start.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in start.Arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in start.Environment) info.Environment[name] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new WorkerProcess(sweepId, workerId, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.LogInformation("[{WorkerId}] {Line}", workerId, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.LogWarning("[{WorkerId}] {Line}", workerId, e.Data); };
        process.Start();
        child.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = Task.Run(async () =>
        {
            await process.WaitForExitAsync();
            child._exited.TrySetResult(process.ExitCode);
            process.Dispose();
        });
        return child;
    }

    /// <summary>Kills the worker and everything it started.</summary>
    public void Kill()
    {
        Killed = true;
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }
}
