using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Storage;

/// <summary>The real host with its database on a given path (here: a small tmpfs).</summary>
public sealed class DatabaseAtFactory(string databasePath) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0"] = Key,
        ["Storage:DatabasePath"] = databasePath,
        ["Storage:DegradedFreeBytes"] = (512 * 1024).ToString(),
        ["Storage:UnhealthyFreeBytes"] = (256 * 1024).ToString(),
    };
}

/// <summary>
/// Issue 13, defect 5: disk full and a read-only store said 500 "Internal error" while /health said ok,
/// and a full or read-only store at start-up looked healthy or died with a bare "disk I/O error".
/// </summary>
public sealed class StorageFaultTests
{
    [SkippableFact]
    public async Task A_full_disk_gives_503_and_an_unhealthy_health_and_recovers_when_space_is_freed()
    {
        using var tmpfs = new SmallTmpfs();
        var database = Path.Combine(tmpfs.Directory, "full.db");
        await using var factory = new DatabaseAtFactory(database);
        var client = factory.Authorized();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var experiment = await client.CreateExperiment(["a", "b"]);
        await client.CreateRun(experiment.Id, "r", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 });
        var url = $"/api/experiments/{experiment.Id}/observations";

        var filler = Path.Combine(tmpfs.Directory, "filler");
        SmallTmpfs.FillUp(filler);
        var full = await client.PostRaw(url, Points(1, 5_000), "text/csv");
        var problem = await ProblemAssert.Is(full, HttpStatusCode.ServiceUnavailable, "database", "full");
        Assert.Equal("Storage is full.", problem.GetProperty("title").GetString());
        Assert.NotNull(full.Headers.RetryAfter);

        health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("diskSpace").GetProperty("status").GetString());
        Assert.True(body.GetProperty("schemaVersion").GetInt32() >= 40);

        File.Delete(filler);
        var recovered = await client.PostRaw(url, Points(1, 5_000), "text/csv");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(10_000, factory.CountRowsAt(database, "observations"));
        Assert.Equal("ok", IntegrityCheck(database));
    }

    [SkippableFact]
    public async Task Starting_on_a_read_only_store_fails_loudly_with_the_reason()
    {
        using var tmpfs = new SmallTmpfs();
        var database = Path.Combine(tmpfs.Directory, "ro.db");
        await using (var first = new DatabaseAtFactory(database))
            await first.Authorized().CreateExperiment(["a"]);
        SqliteConnection.ClearAllPools(); // closes the last connection: -wal and -shm are removed
        tmpfs.RemountReadOnly();

        await using var second = new DatabaseAtFactory(database);
        var error = Assert.ThrowsAny<Exception>(() => second.CreateClient());
        var message = error.ToString();
        Assert.Contains("Cannot start on database " + database, message);
        Assert.Contains("cannot be opened", message);
    }

    private static string Points(int firstStep, int steps)
    {
        var csv = new StringBuilder("run,step,domain,loss\n");
        for (var s = firstStep; s < firstStep + steps; s++) csv.Append($"r,{s},a,{2 + 1.0 / s}\nr,{s},b,{3 + 1.0 / s}\n");
        return csv.ToString();
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
