using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Infrastructure;
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

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public RecordingExecutor Executor { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
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
