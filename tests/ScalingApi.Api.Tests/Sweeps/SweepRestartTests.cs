using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>Lease state lives in the database: a service started on the same file picks up where the last one stopped.</summary>
public sealed class SweepRestartTests
{
    /// <summary>A second service on a copy of the first one's database (and the same corpus root): the service after a restart.</summary>
    private sealed class Restarted(SweepApiFactory before) : SweepApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Corpora:Roots:0"] = before.CorpusRoot,
        };
    }

    [Fact]
    public async Task A_lease_that_lapsed_while_the_service_was_down_is_reaped_after_restart_and_reclaimed()
    {
        await using var before = new SweepApiFactory();
        var client = before.Authorized();
        var experiment = await before.CreateCorpusExperiment(client, ["a", "b"]);
        var (sweep, _) = await client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.5), ("b", 0.5))));
        var lost = await client.Claim(sweep.Id, "worker-on-dead-node");
        await client.Heartbeat(lost.LeaseId, step: 30, deviceSeconds: 9, tokens: 30 * 1024);

        await using var after = new Restarted(before);
        after.CopyDatabaseFrom(before);
        after.Clock.Advance(TimeSpan.FromSeconds(SweepApiFactory.LeaseSeconds + 5)); // the service was down longer than a lease
        var restarted = after.Authorized();

        // the reaper's first pass runs during start-up, before the first request is served
        var status = await restarted.GetSweep(sweep.Id);
        Assert.Equal(("pending", 30), (status.Runs[0].Status, status.Runs[0].Step));
        Assert.Contains("lease expired", status.Runs[0].LastError);
        Assert.Equal(0, after.Reap());

        var resumed = await restarted.Claim(sweep.Id, "fresh-worker");
        Assert.Equal((lost.RunId, 2), (resumed.RunId, resumed.Attempt));
        await ProblemAssert.Is(await restarted.HeartbeatRaw(lost.LeaseId, new(31, 1, null, 1, 1)), HttpStatusCode.Gone, "leaseId");
        await restarted.Complete(resumed.LeaseId, deviceSeconds: 6, tokens: 70 * 1024);
        status = await restarted.GetSweep(sweep.Id);
        Assert.Equal("completed", status.Status);
        Assert.Equal((15.0, 100L * 1024), (status.Compute.DeviceSeconds, status.Compute.Tokens));
    }
}
