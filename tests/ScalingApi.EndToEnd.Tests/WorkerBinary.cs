using System.Diagnostics;
using System.Text;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>The real worker, started by the test (as a Slurm batch script would) through the same dotnet host.</summary>
public sealed class WorkerBinary : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerBinary(Process process) => this.process = process;

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
        worker.process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.Start();
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    private void Append(string? line)
    {
        if (line is not null) lock (output) output.AppendLine(line);
    }

    public string Output { get { lock (output) return output.ToString(); } }
    public bool HasExited => process.HasExited;

    public void KillHard()
    {
        process.Kill();
        process.WaitForExit();
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(); throw new TimeoutException($"worker still running after {timeout}:\n{Output}"); }
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.Dispose();
    }
}
