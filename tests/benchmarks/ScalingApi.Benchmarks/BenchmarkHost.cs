using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace ScalingApi.Benchmarks;

/// <summary>
/// The real service for a benchmark: <c>dotnet run -c Release</c> of ScalingApi.Host on a free loopback port, with
/// the database (and so the data directory) in <paramref name="dataDirectory"/> and one API key. Extra configuration
/// goes in as environment variables (<c>Section__Key</c>). Disposing kills the host's process tree.
/// </summary>
internal sealed class BenchmarkHost : IDisposable
{
    private readonly Process _process;

    private BenchmarkHost(Process process, string url)
    {
        this._process = process;
        Url = url;
    }

    public string Url { get; }

    public static BenchmarkHost Start(string root, string dataDirectory, string apiKey, IReadOnlyDictionary<string, string>? configuration = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", Path.Combine(root, "src", "ScalingApi.Host")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = url;
        start.Environment["Storage__DatabasePath"] = Path.Combine(dataDirectory, "bench.db");
        start.Environment["Auth__ApiKeys__0"] = apiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BenchmarkHost(process, url);
    }

    /// <summary>Polls /health until it answers, allowing for the Release build that <c>dotnet run</c> does first.</summary>
    public static async Task WaitForHealthAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10); // a shared machine can take minutes for the build
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException("The host did not become healthy.");
            await Task.Delay(500);
        }
    }

    /// <summary>POSTs <paramref name="body"/> and returns the answer's text; any non-success status throws with the problem details.</summary>
    public static async Task<string> PostAsync(HttpClient http, string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Resident memory of the host's process tree (the app runs as a child of <c>dotnet run</c>), in MB.</summary>
    public long ResidentMegabytes()
    {
        long kb = 0;
        foreach (var pid in new[] { _process.Id }.Concat(Children(_process.Id)))
        {
            var status = $"/proc/{pid}/status";
            var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:")) : null;
            if (line is not null) kb += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        return kb / 1024;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(path)) yield break;
        foreach (var child in File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
        {
            yield return child;
            foreach (var grandchild in Children(child)) yield return grandchild;
        }
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
