using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScalingApi.Contracts.Workers;
using ScalingApi.Worker.Api;

namespace ScalingApi.Worker.Tests;

/// <summary>
/// The service side of the lease protocol, in-process on real Kestrel, recording everything a worker sends.
/// It hands out the queued leases in order (204 when none is left) and stores observations the way the real
/// service does: keyed by (run, step, domain), so an identical re-post is a no-op; every post is also logged.
/// </summary>
public sealed class FakeLeaseService : IAsyncDisposable
{
    public const string Key = "test-key";
    private readonly WebApplication _app;

    public ConcurrentQueue<Lease> Pending { get; } = new();
    public ConcurrentQueue<(Guid Lease, Heartbeat Beat)> Heartbeats { get; } = new();
    public ConcurrentQueue<(Guid Lease, LeaseCompletion Completion)> Completions { get; } = new();
    public ConcurrentQueue<(Guid Lease, LeaseFailure Failure)> Failures { get; } = new();
    public ConcurrentQueue<ObservationRow> ObservationPosts { get; } = new();
    public ConcurrentDictionary<(string Run, int Step, string Domain), double> Observations { get; } = new();
    public ConcurrentQueue<LeaseRequest> LeaseRequests { get; } = new();

    /// <summary>What heartbeats are answered with; set Continue=false to tell the worker to stop.</summary>
    public volatile bool KeepGoing = true;
    /// <summary>Status answered to complete (e.g. 409 when the run was cancelled meanwhile).</summary>
    public int CompleteStatus = 204;
    /// <summary>This many observation posts are answered 503 first (to exercise the retry).</summary>
    public int FailObservationPosts;
    /// <summary>Retry-After (seconds) sent with those 503s, as the service does on storage contention; null sends none.</summary>
    public int? FailedPostRetryAfterSeconds;
    /// <summary>When each observation post arrived (Stopwatch timestamps: monotonic), failed ones included.</summary>
    public ConcurrentQueue<long> ObservationPostTimes { get; } = new();
    /// <summary>How far ahead each heartbeat answer moves the lease's expiry.</summary>
    public int LeaseSeconds = 30;
    private int _stopped;

    private FakeLeaseService(WebApplication app) => this._app = app;

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<FakeLeaseService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new FakeLeaseService(app);
        service.Map();
        await app.StartAsync();
        return service;
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            if (context.Request.Headers[WorkerApiClient.ApiKeyHeader] != Key) { context.Response.StatusCode = 401; return; }
            await next();
        });
        _app.MapPost("/api/sweeps/{id}/leases", (string id, LeaseRequest request) =>
        {
            LeaseRequests.Enqueue(request);
            return Pending.TryDequeue(out var lease) ? Results.Ok(lease) : Results.NoContent();
        });
        _app.MapPost("/api/leases/{id:guid}/heartbeat", (Guid id, Heartbeat beat) =>
        {
            Heartbeats.Enqueue((id, beat));
            return Results.Ok(new HeartbeatAnswer(KeepGoing, DateTimeOffset.UtcNow.AddSeconds(LeaseSeconds), KeepGoing ? null : "sweep cancelled"));
        });
        _app.MapPost("/api/leases/{id:guid}/complete", (Guid id, LeaseCompletion completion) =>
        {
            Completions.Enqueue((id, completion));
            return Results.StatusCode(CompleteStatus);
        });
        _app.MapPost("/api/leases/{id:guid}/fail", (Guid id, LeaseFailure failure) =>
        {
            Failures.Enqueue((id, failure));
            return Results.NoContent();
        });
        _app.MapPost("/api/experiments/{id:long}/observations", (long id, ObservationRow[] rows, HttpResponse response) =>
        {
            ObservationPostTimes.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            if (Interlocked.Decrement(ref FailObservationPosts) >= 0)
            {
                if (FailedPostRetryAfterSeconds is { } seconds) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.StatusCode(503);
            }
            foreach (var row in rows)
            {
                ObservationPosts.Enqueue(row);
                var existing = Observations.GetOrAdd((row.Run, row.Step, row.Domain), row.Loss);
                if (existing != row.Loss) return Results.Conflict($"different loss for {row}");
            }
            return Results.NoContent();
        });
    }

    /// <summary>The service goes away (as after a crash): every later request of a worker fails to connect.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0) await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
