using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Infrastructure.SyntheticSweep;

namespace ScalingApi.Api.Tests.Fits;

/// <summary>The service with its loaded-fit cache turned off (<c>FitCache:MaxBytes = 0</c>): every question reads storage.</summary>
public sealed class UncachedFitsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["FitCache:MaxBytes"] = "0" };
}

/// <summary>
/// Fits are immutable, so the planning questions read a fit from storage once and then from memory. Storage is taken
/// away underneath (the fit's row deleted with plain SQL) to show which answers come from the cache.
/// </summary>
public sealed class FitCacheTests(FittedSweepFactory factory) : IClassFixture<FittedSweepFactory>
{
    private static readonly object OnePoint = new { points = new[] { new { steps = 250_000, mixture = MixtureOf(UnseenRun) } } };
    private static readonly object Optimum = new { steps = 250_000 };

    private static async Task<string> Ask(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>A copy of the fixture's database while its service runs: a background writer (the lease reaper) can hold the lock for a moment.</summary>
    private async Task CopyLiveDatabase(ApiFactory to)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                to.CopyDatabaseFrom(factory);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 5 && attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }

    private static void DeleteFitRow(string databasePath, long fitId)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM fits WHERE id = $id";
        command.Parameters.AddWithValue("$id", fitId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    [Fact]
    public async Task Answers_from_the_cached_fit_equal_those_of_an_uncached_load_and_no_longer_need_its_stored_row()
    {
        // a fit of its own: deleting its row must not disturb the other tests sharing the fixture
        var client = factory.Authorized();
        var fit = await (await client.PostAsJsonAsync($"/api/experiments/{factory.ExperimentId}/fits",
            new CreateFitRequest("bimix", "huber", Bootstrap: 20, Seed: 3))).Read<FitResponse>(HttpStatusCode.Created);
        var predictions = $"/api/fits/{fit.Id}/predictions";
        var optimalMixture = $"/api/fits/{fit.Id}/optimal-mixture";

        await using var uncached = new UncachedFitsFactory();
        await CopyLiveDatabase(uncached);
        var fromStorage = uncached.Authorized();
        var uncachedPrediction = await Ask(fromStorage, predictions, OnePoint);
        var uncachedOptimum = await Ask(fromStorage, optimalMixture, Optimum);

        var firstPrediction = await Ask(client, predictions, OnePoint); // loads and caches the fit
        Assert.Equal(uncachedPrediction, firstPrediction);
        DeleteFitRow(factory.DatabasePath, fit.Id);
        Assert.Equal(uncachedPrediction, await Ask(client, predictions, OnePoint));
        Assert.Equal(uncachedOptimum, await Ask(client, optimalMixture, Optimum));
        await Ask(client, $"/api/fits/{fit.Id}/next-runs", new { count = 2, steps = 250_000 });

        // the same deletion under the uncached service: the question reaches storage and finds nothing
        DeleteFitRow(uncached.DatabasePath, fit.Id);
        await ProblemAssert.Is(await fromStorage.PostAsJsonAsync(predictions, OnePoint), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task An_unknown_fit_is_not_remembered_as_missing()
    {
        var client = factory.Authorized();
        long nextId;
        using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(id), 0) + 1 FROM fits";
            nextId = (long)command.ExecuteScalar()!;
        }
        await ProblemAssert.Is(await client.PostAsJsonAsync($"/api/fits/{nextId}/predictions", OnePoint), HttpStatusCode.NotFound, "id");
        var fit = await (await client.PostAsJsonAsync($"/api/experiments/{factory.ExperimentId}/fits",
            new CreateFitRequest("bimix", "huber", Bootstrap: 0))).Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal(nextId, fit.Id);
        await Ask(client, $"/api/fits/{fit.Id}/predictions", OnePoint);
    }
}
