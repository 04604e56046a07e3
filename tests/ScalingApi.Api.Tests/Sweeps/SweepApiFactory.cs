using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// The real host whose default executor is a recording one (the test itself plays the worker over
/// HTTP), with a manual clock so lease expiry needs no sleeping, and the reaper's timer parked
/// (tests call <see cref="Reap"/>).
/// </summary>
public class SweepApiFactory : ApiFactory
{
    public const int MaxAttempts = 3;
    public const int LeaseSeconds = 60;

    public SweepApiFactory() => Directory.CreateDirectory(CorpusRoot);

    /// <summary>The single Corpora:Roots entry; experiments' domains point at files written here.</summary>
    public string CorpusRoot => Path.Combine(DataDirectory, "corpora");

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public RecordingExecutor Executor { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Corpora:Roots:0"] = CorpusRoot,
        ["Sweeps:DefaultExecutor"] = RecordingExecutor.ExecutorName,
        ["Sweeps:MaxAttempts"] = MaxAttempts.ToString(),
        ["Sweeps:LeaseSeconds"] = LeaseSeconds.ToString(),
        ["Sweeps:HeartbeatSeconds"] = "10",
        ["Sweeps:ReaperIntervalSeconds"] = "3600",
        ["Sweeps:ProgressEventSeconds"] = "5",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ISweepExecutor>(Executor);
        });
    }

    /// <summary>An experiment whose every domain has a small text corpus <c>{folder}/{domain}.txt</c> under the corpus root.</summary>
    public async Task<ExperimentResponse> CreateCorpusExperiment(HttpClient client, string[] domains, double[]? tokens = null)
    {
        var folder = "c" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.Combine(CorpusRoot, folder));
        foreach (var domain in domains)
            await File.WriteAllTextAsync(Path.Combine(CorpusRoot, folder, $"{domain}.txt"),
                string.Concat(Enumerable.Repeat($"text of domain {domain}, a few words repeated. ", 50 + 40 * Array.IndexOf(domains, domain))));
        var request = new CreateExperimentRequest("exp-" + folder, domains.Select((d, i) => new DomainSpec(d, tokens?[i], $"{folder}/{d}.txt")).ToList());
        var response = await client.PostAsJsonAsync("/api/experiments", request);
        return await response.Read<ExperimentResponse>(System.Net.HttpStatusCode.Created);
    }

    public int Reap() => Services.GetRequiredService<LeaseReaper>().ReapOnce();
}

public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>An executor that only records what the service asked of it.</summary>
public sealed class RecordingExecutor : ISweepExecutor
{
    public const string ExecutorName = "recording";

    public ConcurrentQueue<SweepSubmission> Submitted { get; } = new();
    public ConcurrentQueue<long> Cancelled { get; } = new();

    public string Name => ExecutorName;

    public Task SubmitAsync(SweepSubmission sweep, CancellationToken ct)
    {
        Submitted.Enqueue(sweep);
        return Task.CompletedTask;
    }

    public Task CancelAsync(long sweepId, CancellationToken ct)
    {
        Cancelled.Enqueue(sweepId);
        return Task.CompletedTask;
    }
}
