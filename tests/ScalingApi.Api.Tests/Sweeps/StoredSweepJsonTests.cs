using System.Net;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// Request bodies refuse unknown members, but JSON the service stored itself must not: a sweep written by
/// another version of the service (a model member since added or removed) still reads and still leases.
/// </summary>
public sealed class StoredSweepJsonTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_sweep_whose_stored_model_has_a_member_this_version_lacks_still_reads_and_leases()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.5), ("b", 0.5))));
        using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE sweeps SET model_json = json_set(model_json, '$.rotaryEmbeddings', 1) WHERE id = $id";
            update.Parameters.AddWithValue("$id", sweep.Id);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var read = await _client.GetSweep(sweep.Id);
        Assert.Equal(sweep.Model, read.Model);
        var lease = await _client.Claim(sweep.Id);
        Assert.Equal(sweep.Model.Preset, lease.Model.Preset);
    }
}
