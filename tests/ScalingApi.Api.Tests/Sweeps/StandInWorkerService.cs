using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Host.Sweeps.Executors.Local;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// The real service on Kestrel with the local executor, whose workers are a small stand-in (Python,
/// standard library only) that speaks the lease protocol in one of four ways, so executor tests run in
/// seconds. Every start is logged (pid, worker id, arguments) to <see cref="Log"/>.
/// </summary>
public sealed class StandInWorkerService : ApiFactory
{
    private const string Script = """
        import json, os, sys, time, urllib.request
        args = sys.argv[1:]
        assert args[0] == "run", args
        opts = dict(zip(args[1::2], args[2::2]))
        url, sweep = opts["--api-url"], opts["--sweep"]
        key, worker, mode = os.environ["SCALINGAPI_API_KEY"], os.environ["SCALINGAPI_WORKER_ID"], os.environ["FAKE_MODE"]
        with open(os.environ["FAKE_LOG"], "a") as log:
            log.write(json.dumps({"pid": os.getpid(), "worker": worker, "args": args}) + "\n")
        if mode == "sleep":  # busy elsewhere: holds its slot, claims nothing, stops only on a signal
            time.sleep(3600)
        def post(path, body):
            request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                             headers={"X-Api-Key": key, "Content-Type": "application/json"})
            with urllib.request.urlopen(request) as response:
                data = response.read()
                return response.status, (json.loads(data) if data else None)
        status, lease = post(f"/api/sweeps/{sweep}/leases", {"workerId": worker})
        if status == 204:
            sys.exit(0)
        if mode == "crash":
            sys.exit(3)
        beat = {"step": 1, "tokensPerSecond": 100.0, "trainLoss": None, "deviceSeconds": 0.1, "tokens": 10}
        if mode == "hang":  # ignores continue:false on purpose: only the executor's kill stops it
            while True:
                post(f"/api/leases/{lease['leaseId']}/heartbeat", beat)
                time.sleep(0.2)
        post(f"/api/leases/{lease['leaseId']}/heartbeat", beat)
        time.sleep(0.3)
        post(f"/api/leases/{lease['leaseId']}/complete", {"deviceSeconds": 0.3, "tokens": 100})
        """;

    private readonly string _mode;
    private readonly int _maxWorkers;
    private readonly int? _port;
    private readonly TimeSpan _slowStart;

    /// <param name="mode"><c>complete</c>, <c>crash</c> (exit 3 after claiming), <c>hang</c> (heartbeat for ever) or <c>sleep</c> (claim nothing, sleep).</param>
    /// <param name="announceUrl">Listen on a fixed free port and tell workers so in Sweeps:ApiUrl (else: the bound address).</param>
    /// <param name="slowStart">Start-up work after the executor has started and before the server listens (a slow migration, say).</param>
    public StandInWorkerService(string mode, int maxWorkers, bool announceUrl = false, TimeSpan slowStart = default)
    {
        (_mode, _maxWorkers, _slowStart) = (mode, maxWorkers, slowStart);
        Directory.CreateDirectory(CorpusRoot);
        File.WriteAllText(ScriptPath, Script);
        if (announceUrl) _port = FreePort();
        UseKestrel(_port ?? 0);
    }

    public string CorpusRoot => Path.Combine(DataDirectory, "corpora");
    public string ScriptPath => Path.Combine(DataDirectory, "fake_worker.py");
    public string Log => Path.Combine(DataDirectory, "starts.jsonl");
    public string Checkpoints => Path.Combine(DataDirectory, "ckpt");
    public string PidDirectory => Path.Combine(DataDirectory, WorkerPidFiles.FolderName);

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(base.Settings)
            {
                ["Corpora:Roots:0"] = CorpusRoot,
                ["Sweeps:DefaultExecutor"] = "local",
                ["Sweeps:MaxAttempts"] = "2",
                ["Sweeps:CheckpointDirectory"] = Checkpoints,
                ["Sweeps:Local:MaxWorkers"] = _maxWorkers.ToString(),
                ["Sweeps:Local:PollSeconds"] = "0.2",
                ["Sweeps:Local:WorkerCommand"] = "/usr/bin/python3",
                ["Sweeps:Local:WorkerArguments:0"] = ScriptPath,
                ["Sweeps:Local:Environment:FAKE_MODE"] = _mode,
                ["Sweeps:Local:Environment:FAKE_LOG"] = Log,
            };
            if (_port is { } port) settings["Sweeps:ApiUrl"] = $"http://127.0.0.1:{port}";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_slowStart > TimeSpan.Zero) builder.ConfigureTestServices(services =>
        {
            // Hosted services start one after another, the server (GenericWebHostService) after the application's
            // own, the executor among them. A slow one just before the server widens the window in which the
            // executor already runs and the server has no address yet.
            var server = services.Select((d, i) => (d, i)).First(x => x.d.ImplementationType?.Name == "GenericWebHostService").i;
            services.Insert(server, ServiceDescriptor.Singleton<IHostedService>(new SlowStart(_slowStart)));
        });
    }

    private sealed class SlowStart(TimeSpan delay) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public HttpClient Start()
    {
        StartServer();
        return Authorized();
    }

    public LocalExecutor Executor => Services.GetRequiredService<LocalExecutor>();

    public List<JsonElement> Starts() => File.Exists(Log)
        ? File.ReadAllLines(Log).Select(l => JsonDocument.Parse(l).RootElement).ToList()
        : [];

    /// <summary>The corpus files the experiment's domains <c>a</c> and <c>b</c> point at (a restarted service needs them too).</summary>
    public async Task WriteCorpora()
    {
        await File.WriteAllTextAsync(Path.Combine(CorpusRoot, "a.txt"), "some text");
        await File.WriteAllTextAsync(Path.Combine(CorpusRoot, "b.txt"), "other text");
    }

    public async Task<ExperimentResponse> Experiment(HttpClient client)
    {
        await WriteCorpora();
        var response = await client.PostAsJsonAsync("/api/experiments",
            new CreateExperimentRequest("local", [new DomainSpec("a", Corpus: "a.txt"), new DomainSpec("b", Corpus: "b.txt")]));
        return await response.Read<ExperimentResponse>(HttpStatusCode.Created);
    }

    /// <summary>A stand-in in <c>sleep</c> mode started by the test itself, not by the executor: a worker an earlier run of the service left behind.</summary>
    public Process StartSleepingWorker(long sweepId, string workerId)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
        // the URL is never used: a sleeping stand-in makes no request
        foreach (var argument in new[] { ScriptPath, "run", "--api-url", "http://127.0.0.1:9", "--sweep", sweepId.ToString() }) info.ArgumentList.Add(argument);
        info.Environment["SCALINGAPI_API_KEY"] = Key;
        info.Environment["SCALINGAPI_WORKER_ID"] = workerId;
        info.Environment["FAKE_MODE"] = "sleep";
        info.Environment["FAKE_LOG"] = Log;
        return Process.Start(info)!;
    }

    public static bool IsRunning(int pid) => ProcessStart.Of(pid) is not null;

    public static async Task WaitUntil(Func<bool> condition, string what = "condition")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Xunit.Assert.True(DateTime.UtcNow < deadline, $"{what} not reached in 30 s");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
