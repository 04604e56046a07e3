using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Host.Sweeps.Executors.Local;
using ScalingApi.Host.Sweeps.Executors.Slurm;
using Microsoft.Extensions.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>
/// The real service on a real Kestrel port (127.0.0.1, so the Slurm tasks can call it back) with its own
/// SQLite file and Slurm working/checkpoint directories under a fresh temp directory; Slurm is the default
/// executor and its monitor polls every second.
/// </summary>
public class SlurmServiceFactory : WebApplicationFactory<Program>
{
    public const string Key = "slurm-test-key-0123456789";

    public SlurmServiceFactory()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _domains = new(() => SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(
                Path.Combine(CorpusRoot, "synth"), Domains: 3, DocumentsPerDomain: 60, DocumentLength: 400, Seed: 11))
            .Select(d => d.Name).ToArray());
    }

    // Under /tmp, not the test's working directory: slurmd (root) writes the task output files there.
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "scalingapi-slurm-tests-" + Guid.NewGuid().ToString("N")[..12]);
    public string SlurmDirectory => Path.Combine(Root, "slurm");
    public string CheckpointDirectory => Path.Combine(Root, "checkpoints");
    public string CorpusRoot => Path.Combine(Root, "corpora");

    /// <summary>What the array tasks run; the real worker CLI unless a test needs a stand-in.</summary>
    protected virtual (string Command, string[] Arguments) Worker => (DotnetHost(), [WorkerAssembly(), "run", "--threads", "1"]);

    protected virtual IDictionary<string, string?> Settings
    {
        get
        {
            var (command, arguments) = Worker;
            var settings = new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:0"] = Key,
                ["Storage:DatabasePath"] = Path.Combine(Root, "scalingapi.db"),
                ["Corpora:Roots:0"] = CorpusRoot,
                ["Sweeps:DefaultExecutor"] = SlurmExecutor.ExecutorName,
                ["Sweeps:MaxAttempts"] = "3",
                ["Sweeps:LeaseSeconds"] = "30",
                ["Sweeps:HeartbeatSeconds"] = "2",
                ["Sweeps:ReaperIntervalSeconds"] = "1",
                ["Sweeps:ProgressEventSeconds"] = "0",
                ["Sweeps:Slurm:PollSeconds"] = "1",
                ["Slurm:WorkingDirectory"] = SlurmDirectory,
                ["Slurm:CheckpointDirectory"] = CheckpointDirectory,
                ["Slurm:CpusPerTask"] = "1",
                ["Slurm:TimeLimit"] = "00:10:00",
                ["Slurm:PreemptionWarningSeconds"] = "5",
                ["Slurm:WorkerCommand"] = command,
                ["Slurm:CommandTimeout"] = "00:00:30",
            };
            for (var i = 0; i < arguments.Length; i++) settings[$"Slurm:WorkerArguments:{i}"] = arguments[i];
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(CorpusRoot);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A client of the real port that sends the API key.</summary>
    public HttpClient Authorized()
    {
        StartServer();
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    private readonly Lazy<string[]> _domains;

    /// <summary>A synthetic 3-domain corpus under <see cref="CorpusRoot"/> (<c>synth/&lt;domain&gt;</c>), written on first use.</summary>
    public IReadOnlyList<string> Domains => _domains.Value;

    /// <summary>Runs one monitor pass now (the timer runs too; this only shortens waits).</summary>
    public Task PollSlurmAsync() => Services.GetRequiredService<SlurmMonitor>().PollOnceAsync(CancellationToken.None);

    public static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>The worker CLI built with the Host (whose build records the path).</summary>
    public static string WorkerAssembly()
    {
        var path = typeof(WorkerLaunch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "WorkerAssembly").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException("build src/ScalingApi.Worker first", path);
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
        try { Directory.Delete(Root, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
