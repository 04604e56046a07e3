using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ScalingApi.Contracts;
using ScalingApi.Corpora.Synthetic;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// Issue 13 soak: the service is SIGKILLed twice in the middle of a local sweep and started again on the same
/// port and data directory. Its worker outlives it each time (an orphan); the restarted service must stop it
/// before training anything else. The sweep completes, every loss is recorded once, no worker is left, and
/// at no sampled moment do more than Sweeps:Local:MaxWorkers worker processes run. Bounded to a few minutes.
/// </summary>
// one training sweep at a time: run side by side on a small machine, they starve each other past their timeouts
[Collection("training sweeps")]
public sealed class ServiceKillSoakTests() : SoakTest("soak")
{
    private const string Key = "soak-key-0123456789";
    private const int Kills = 2;
    private const int Steps = 90;
    private static readonly int[] CheckpointSteps = [30, 60, 90];

    private readonly int _port = ServiceProcess.FreePort();
    private int _mostAtOnce;

    private string CheckpointRoot => Path.Combine(DataDirectory, "checkpoints");
    private string PidDirectory => Path.Combine(DataDirectory, "workers");

    private Dictionary<string, string> Settings => new(ServiceProcess.KeyAndDatabase(DataDirectory, Key))
    {
        ["Corpora:Roots:0"] = Path.Combine(DataDirectory, "corpora"),
        ["Sweeps:DefaultExecutor"] = "local",
        ["Sweeps:CheckpointDirectory"] = CheckpointRoot,
        ["Sweeps:MaxAttempts"] = "6", // every kill ends an attempt of the run being trained
        ["Sweeps:LeaseSeconds"] = "8",
        ["Sweeps:HeartbeatSeconds"] = "1",
        ["Sweeps:ReaperIntervalSeconds"] = "0.5",
        ["Sweeps:Local:MaxWorkers"] = "1",
        ["Sweeps:Local:PollSeconds"] = "0.3",
        ["Sweeps:Local:OrphanStopSeconds"] = "20",
    };

    private async Task<HttpClient> StartService()
    {
        Service = await ServiceProcess.StartListening(DataDirectory, _port, Settings);
        return Service.ClientWithKey(Key, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Sigkill_of_the_service_mid_sweep_and_restart_complete_the_sweep_with_each_loss_once_and_never_more_than_MaxWorkers()
    {
        var clock = Stopwatch.StartNew();
        var domains = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(
            Path.Combine(DataDirectory, "corpora", "synth"), Domains: 2, DocumentsPerDomain: 40, DocumentLength: 300, Seed: 13)).Select(d => d.Name).ToArray();
        var client = await StartService();
        var experiment = await (await client.PostAsJsonAsync("/api/experiments",
            new CreateExperimentRequest("soak", domains.Select(d => new DomainSpec(d, Corpus: $"synth/{d}")).ToArray(), Tokenizer: "bytes"))).ReadAs<ExperimentResponse>(HttpStatusCode.Created);
        double[] shares = [0.2, 0.5, 0.8];
        var response = await client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/sweeps", new CreateSweepRequest(
            shares.Select(p => new SweepMixtureSpec(Mixture: new Dictionary<string, double> { [domains[0]] = p, [domains[1]] = 1 - p })).ToArray(),
            SweepEndToEndTests.TinyModel, Steps, new CheckpointSpec(Steps: CheckpointSteps), Seed: 5, Executor: "local"));
        var sweep = await response.ReadAs<SweepResponse>(HttpStatusCode.Accepted);
        var location = $"/api/sweeps/{sweep.Id}";

        // every 50 ms: how many worker processes run (zombies do not count: /proc gives them no command line)
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                _mostAtOnce = Math.Max(_mostAtOnce, ChildProcesses.WithArgument(CheckpointRoot).Count);
                await Task.Delay(50);
            }
        });

        var orphansLeft = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            // mid-run: a worker has trained some steps since the (re)start and is still at it
            var progress = await TrainedSteps(client, location);
            await Until(async () => await TrainedSteps(client, location) >= progress + 20 && ChildProcesses.WithArgument(CheckpointRoot).Count > 0,
                TimeSpan.FromMinutes(2), $"training progress before kill {kill}");
            Service!.KillHard();
            orphansLeft += ChildProcesses.WithArgument(CheckpointRoot).Count;
            Service.Dispose();
            client.Dispose();
            client = await StartService();
        }

        await Until(async () => (await client.GetFromJsonAsync<SweepResponse>(location))!.Status is "completed" or "failed" or "cancelled",
            TimeSpan.FromMinutes(4), "the end of the sweep");
        var done = (await client.GetFromJsonAsync<SweepResponse>(location))!;
        await Until(() => Task.FromResult(ChildProcesses.WithArgument(CheckpointRoot).Count == 0), TimeSpan.FromSeconds(60), "every worker's exit");
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine($"soak: {Kills} kills, {orphansLeft} orphaned workers, attempts {string.Join("/", done.Runs.Select(r => r.Attempts))}, {clock.Elapsed.TotalSeconds:F0} s");

        Assert.True(done.Status == "completed", string.Join("; ", done.Runs.Select(r => $"{r.RunName} {r.Status} {r.LastError}")) + "\n" + Service!.Output);
        Assert.True(orphansLeft > 0, "no worker outlived a kill: the test did not exercise orphans");
        AssertWithinMaxWorkers();
        var observations = (await client.GetFromJsonAsync<List<ObservationItem>>($"/api/experiments/{experiment.Id}/observations"))!;
        var expected = done.Runs.SelectMany(r => CheckpointSteps.SelectMany(s => domains.Select(d => (r.RunName, (long)s, d))));
        Assert.Equal(expected.Order(), observations.Select(o => (o.Run, o.Step, o.Domain)).Order());
        Assert.Empty(Directory.Exists(PidDirectory) ? Directory.EnumerateFiles(PidDirectory) : []);
        client.Dispose();
    }

    private static async Task<long> TrainedSteps(HttpClient client, string location) =>
        (await client.GetFromJsonAsync<SweepResponse>(location))!.Runs.Sum(r => r.Step);

    private void AssertWithinMaxWorkers() =>
        Assert.True(_mostAtOnce <= 1, $"{_mostAtOnce} worker processes at once with MaxWorkers = 1\n{Service?.Output}");

    /// <summary>Polls <paramref name="condition"/>, failing at once should MaxWorkers ever be exceeded.</summary>
    private async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            AssertWithinMaxWorkers();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} not reached within {timeout}");
            await Task.Delay(100);
        }
    }

    protected override void StopLeftovers()
    {
        foreach (var pid in ChildProcesses.WithArgument(CheckpointRoot)) ChildProcesses.KillHard(pid); // only after a failure
    }
}
