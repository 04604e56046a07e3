using System.Diagnostics;
using System.Text;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>The real worker, started by the test (as a Slurm batch script would) through the same dotnet host.</summary>
public sealed class WorkerBinary : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerBinary(Process process) => this._process = process;

    /// <summary>scalingapi-worker.dll is copied next to the tests by the project reference.</summary>
    public static string Dll =>
        Path.Combine(AppContext.BaseDirectory, "scalingapi-worker.dll") is var path && File.Exists(path) ? path
        : throw new FileNotFoundException("build src/ScalingApi.Worker: the worker is not next to the tests", path);

    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    public static WorkerBinary Start(string apiKey, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["SCALINGAPI_API_KEY"] = apiKey;
        var worker = new WorkerBinary(new Process { StartInfo = info });
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.Start();
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    private void Append(string? line)
    {
        if (line is not null) lock (_output) _output.AppendLine(line);
    }

    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;

    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { _process.Kill(); throw new TimeoutException($"worker still running after {timeout}:\n{Output}"); }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
