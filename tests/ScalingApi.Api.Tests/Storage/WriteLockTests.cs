using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Storage;

/// <summary>A short busy timeout so a held write lock outlasts it quickly.</summary>
public sealed class ShortBusyTimeoutFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0"] = Key,
        ["Storage:BusyTimeoutMilliseconds"] = "300",
    };
}

/// <summary>
/// Issue 13, defect 1: lock contention that outlasts the busy timeout is a 503 with Retry-After (it was
/// a 500 "database is locked"), and reads go on while another connection holds the write lock (WAL).
/// </summary>
public sealed class WriteLockTests(ShortBusyTimeoutFactory factory) : IClassFixture<ShortBusyTimeoutFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_write_that_cannot_get_the_lock_is_a_503_with_retry_after_and_reads_do_not_wait()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        await _client.CreateRun(experiment.Id, "r", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 });
        var url = $"/api/experiments/{experiment.Id}/observations";
        (await _client.PostRaw(url, "run,step,domain,loss\nr,1,a,2.5\n", "text/csv")).EnsureSuccessStatusCode();

        using (var holder = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            holder.Open();
            using var lockHeld = holder.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock

            var blocked = await _client.PostRaw(url, "run,step,domain,loss\nr,2,a,2.4\n", "text/csv");
            var problem = await ProblemAssert.Is(blocked, HttpStatusCode.ServiceUnavailable, "database");
            Assert.Contains("busy", problem.GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase);
            Assert.True(blocked.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {blocked.Headers.RetryAfter}");

            var clock = Stopwatch.StartNew();
            var read = await _client.GetAsync(url + "?run=r");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Contains("2.5", await read.Content.ReadAsStringAsync());
            // generous bound: a read that queued behind the lock would take the busy timeout at least and then fail
            Assert.True(clock.ElapsedMilliseconds < 5_000, $"read took {clock.ElapsedMilliseconds} ms while the write lock was held");
        }

        var after = await _client.PostRaw(url, "run,step,domain,loss\nr,2,a,2.4\n", "text/csv");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, factory.CountRows("observations"));
    }
}
