using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Schedules;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// A sweep's declared learning-rate schedule: recorded on every run (with the sweep's steps as its length), shown on the
/// sweep and handed to the worker on the lease; without one, the runs record the proxy default exactly as before.
/// Invalid schedules are in <see cref="SweepCreationTests.BadRequests"/>.
/// </summary>
public sealed class SweepScheduleTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_wsd_schedule_without_total_steps_spans_the_sweep_and_every_run_records_it()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var request = Explicit(Mix(("a", 0.25), ("b", 0.75)), Mix(("a", 0.6), ("b", 0.4))) with
        {
            Steps = 500, Checkpoints = new CheckpointSpec(Count: 5),
            LearningRateSchedule = new LearningRateScheduleSpec("wsd", Peak: 2e-3, WarmupSteps: 50, Final: 2e-5),
        };
        var (sweep, _) = await _client.CreateSweep(experiment.Id, request);

        var expected = new LearningRateScheduleSpec("wsd", 2e-3, 50, TotalSteps: 500, 2e-5);
        Assert.Equal(expected, sweep.LearningRateSchedule);
        Assert.Equal(expected, (await _client.GetSweep(sweep.Id)).LearningRateSchedule);
        var runs = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(expected, r.LearningRateSchedule));
        // the worker is told the schedule the run records
        var lease = await _client.Claim(sweep.Id);
        Assert.Equal(expected, lease.LearningRateSchedule);
    }

    [Fact]
    public async Task Bimix_lr_fits_wsd_sweeps_by_the_schedule_they_recorded()
    {
        // noise-free curves of a known bimix-lr law under wsd (peak 3e-3, warm-up a tenth, decay to 3e-5 over the last fifth),
        // posted as the losses of two sweeps' runs: the fit recovers the law only if it reads the wsd the runs recorded
        BiMixLrParameters[] truth = [new(1.1, 1.7, 0.3, 0.1, 0.4), new(0.9, 2.0, 0.45, 0.2, 0.35)];
        double[] shareOfA = [0.2, 0.5, 0.65, 0.8];
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var csv = new StringBuilder("run,step,domain,loss\n");
        foreach (var steps in new[] { 300, 600 })
        {
            var request = Explicit(shareOfA.Select(a => Mix(("a", a), ("b", 1 - a))).ToArray()) with
            {
                Name = $"wsd{steps}", Steps = steps, Checkpoints = new CheckpointSpec(Count: steps / 30, Spacing: "linear"),
                LearningRateSchedule = new LearningRateScheduleSpec("wsd", 3e-3, steps / 10, Final: 3e-5),
            };
            var (sweep, _) = await _client.CreateSweep(experiment.Id, request);
            var schedule = new LrSchedule(LrScheduleKind.Wsd, 3e-3, steps / 10, steps, 3e-5);
            foreach (var (run, share) in sweep.Runs.Zip(shareOfA))
            foreach (var step in sweep.CheckpointSteps)
                for (var i = 0; i < 2; i++)
                    csv.Append(FormattableString.Invariant(
                        $"{run.RunName},{step},{(i == 0 ? "a" : "b")},{truth[i].Predict(i == 0 ? share : 1 - share, AnnealingArea.At(schedule, step)):R}\n"));
        }
        await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);

        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix-lr", Bootstrap: 10)))
            .Read<FitResponse>(HttpStatusCode.Created);
        for (var i = 0; i < 2; i++)
        {
            // read as the default exponential schedule instead, the same curves fit 1.6 % off with beta 0.394
            var domain = fit.Parameters![i];
            Assert.InRange(domain.Diagnostics.InSampleRelativeError!.Value, 0, 1e-8);
            Assert.Equal(truth[i].Beta, domain.Parameters["beta"].Value!.Value, 6);
            Assert.Equal(truth[i].Alpha!.Value, domain.Parameters["alpha"].Value!.Value, 6);
        }
    }

    [Fact]
    public async Task An_explicit_list_with_a_rate_per_step_is_recorded_as_given()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        double[] rates = [.. Enumerable.Repeat(1e-3, 6), .. Enumerable.Repeat(1e-4, 4)];
        var request = Explicit(Mix(("a", 0.5), ("b", 0.5))) with
        {
            Steps = 10, Checkpoints = new CheckpointSpec(Count: 2), LearningRateSchedule = new LearningRateScheduleSpec(Rates: rates),
        };
        var (sweep, _) = await _client.CreateSweep(experiment.Id, request);

        Assert.Equal("explicit", sweep.LearningRateSchedule!.Kind);
        Assert.Equal(rates, sweep.LearningRateSchedule.Rates);
        var run = Assert.Single(await (await _client.GetAsync($"/api/experiments/{experiment.Id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK));
        Assert.Equal(rates, run.LearningRateSchedule!.Rates);
        Assert.Equal(rates, (await _client.Claim(sweep.Id)).LearningRateSchedule!.Rates);
    }

    [Fact]
    public async Task Without_a_schedule_every_run_records_the_proxy_default_byte_for_byte()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.5), ("b", 0.5)), Mix(("a", 0.1), ("b", 0.9))));

        // exactly what sweeps stored before they could declare a schedule (peak 3e-3, warm-up 10 of 100 steps, decay to 3e-4)
        const string stored = """{"kind":"exponential","peak":0.003,"warmupSteps":10,"totalSteps":100,"final":0.00030000000000000003}""";
        Assert.Equal([stored, stored], StoredSchedules(sweep.Runs.Select(r => r.RunId)));
        Assert.Equal(new LearningRateScheduleSpec("exponential", 3e-3, 10, 100, 3e-3 * 0.1), sweep.LearningRateSchedule);
        Assert.Equal(sweep.LearningRateSchedule, (await _client.Claim(sweep.Id)).LearningRateSchedule);
    }

    private List<string> StoredSchedules(IEnumerable<long> runIds)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        connection.Open();
        return runIds.Select(id =>
        {
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT lr_schedule FROM runs WHERE id = $id";
            query.Parameters.AddWithValue("$id", id);
            return (string)query.ExecuteScalar()!;
        }).ToList();
    }
}
