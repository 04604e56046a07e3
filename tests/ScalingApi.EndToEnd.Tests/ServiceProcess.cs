using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// The real service as a separate process (<c>dotnet ScalingApi.Host.dll</c>, copied next to the tests by the
/// project reference) on a fixed Kestrel port, configured through environment variables, so a test can
/// SIGKILL it the way an operator's bad day would — its worker children live on — and start it again on the
/// same port, database and data directory.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, string url)
    {
        this._process = process;
        Url = url;
    }

    public string Url { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string HostDll =>
        Path.Combine(AppContext.BaseDirectory, "ScalingApi.Host.dll") is var path && File.Exists(path) ? path
        : throw new FileNotFoundException("build src/ScalingApi.Host: the service is not next to the tests", path);

    /// <param name="settings">Configuration keys (<c>Sweeps:LeaseSeconds</c>) and values.</param>
    public static ServiceProcess Start(string workingDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo(WorkerBinary.DotnetHost)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(HostDll);
        info.Environment["ASPNETCORE_URLS"] = url;
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__")] = value;
        var service = new ServiceProcess(new Process { StartInfo = info }, url);
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The settings every soak service shares: its key and a database in <paramref name="dataDirectory"/>.</summary>
    public static Dictionary<string, string> KeyAndDatabase(string dataDirectory, string key) => new()
    {
        ["Auth:ApiKeys:0"] = key,
        ["Storage:DatabasePath"] = Path.Combine(dataDirectory, "scalingapi.db"),
    };

    /// <summary><see cref="Start"/>, then <see cref="WaitUntilListening"/>.</summary>
    public static async Task<ServiceProcess> StartListening(string workingDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        var service = Start(workingDirectory, port, settings);
        await service.WaitUntilListening(TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>A client of this service that sends <paramref name="key"/> with every request.</summary>
    public HttpClient ClientWithKey(string key, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Waits until <c>/health</c> answers.</summary>
    public async Task WaitUntilListening(TimeSpan timeout)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the service exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await probe.GetAsync($"{Url}/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the service did not listen within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL of the service alone: no shutdown, its workers are not stopped.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null) lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
