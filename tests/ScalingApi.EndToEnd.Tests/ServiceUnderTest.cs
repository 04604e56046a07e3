using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Contracts;
using ScalingApi.Host.Sweeps.Executors;
using Microsoft.Extensions.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// The real service on a real Kestrel port (workers are separate processes and need a real URL), with its
/// own SQLite file, corpus root and checkpoint directory in a fresh temp directory, the local executor,
/// and short leases so a dead worker's run comes back within seconds.
/// </summary>
public sealed class ServiceUnderTest : WebApplicationFactory<Program>
{
    public const string Key = "e2e-key-0123456789";
    public const int LeaseSeconds = 5;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scalingapi-e2e-" + Guid.NewGuid().ToString("N"));
    public string CorpusRoot => Path.Combine(DataDirectory, "corpora");
    public string CheckpointRoot => Path.Combine(DataDirectory, "checkpoints");

    public ServiceUnderTest()
    {
        Directory.CreateDirectory(CorpusRoot);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string>
        {
            ["Auth:ApiKeys:0"] = Key,
            ["Storage:DatabasePath"] = Path.Combine(DataDirectory, "scalingapi.db"),
            ["Corpora:Roots:0"] = CorpusRoot,
            ["Sweeps:DefaultExecutor"] = "local",
            ["Sweeps:CheckpointDirectory"] = CheckpointRoot,
            ["Sweeps:LeaseSeconds"] = LeaseSeconds.ToString(),
            ["Sweeps:HeartbeatSeconds"] = "1",
            ["Sweeps:ReaperIntervalSeconds"] = "0.5",
            ["Sweeps:Local:MaxWorkers"] = "1",
            ["Sweeps:Local:PollSeconds"] = "0.5",
        };
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<ISweepExecutor, ExternalWorkersExecutor>());
    }

    /// <summary>The URL workers use, as the Slurm executor would hand it to a batch script.</summary>
    public string Url
    {
        get
        {
            using var client = Authorized();
            return client.BaseAddress!.AbsoluteUri;
        }
    }

    public HttpClient Authorized()
    {
        StartServer();
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    /// <summary>Polls the sweep until it reaches a final status.</summary>
    public static Task<SweepResponse> WaitForSweep(HttpClient client, string location, TimeSpan timeout) =>
        WaitUntilFinal<SweepResponse>(client, location, timeout, s => s.Status,
            s => string.Join("; ", s.Runs.Select(r => $"{r.RunName} {r.Status} step {r.Step} {r.LastError}")));

    /// <summary>Polls a resource with a sweep-like status until it is final.</summary>
    public static async Task<T> WaitUntilFinal<T>(HttpClient client, string location, TimeSpan timeout, Func<T, string> status, Func<T, string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        T resource;
        do
        {
            resource = (await client.GetFromJsonAsync<T>(location))!;
            if (status(resource) is "completed" or "failed" or "cancelled") return resource;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"still {status(resource)} after {timeout}: {describe(resource)}");
    }

    private SqliteConnectionFactory? _store;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _store = host.Services.GetService<SqliteConnectionFactory>();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store?.ClearPool(); // only this host's pool: ClearAllPools closes the connections of other hosts still in use
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
