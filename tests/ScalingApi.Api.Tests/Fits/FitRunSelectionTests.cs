using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Fits;

/// <summary>
/// One experiment holding two sweeps whose runs follow different curves (as sweeps with different step
/// budgets and schedules do), losses posted from known laws; fits select one sweep's runs.
/// </summary>
public sealed class TwoSweepExperiment : SweepApiFactory, IAsyncLifetime
{
    // per domain (B, C, alpha, beta), A = 1
    public static readonly (double B, double C, double Alpha, double Beta)[] ShortSweepTruth = [(6, 2.0, 0.10, 0.40), (5, 1.5, 0.20, 0.30)];
    public static readonly (double B, double C, double Alpha, double Beta)[] LongSweepTruth = [(12, 2.6, 0.10, 0.60), (9, 2.0, 0.20, 0.50)];

    public long ExperimentId { get; private set; }
    public SweepResponse ShortSweep { get; private set; } = null!;
    public SweepResponse LongSweep { get; private set; } = null!;
    public long OtherExperimentSweepId { get; private set; }

    public async Task InitializeAsync()
    {
        var client = Authorized();
        ExperimentId = (await CreateCorpusExperiment(client, ["a", "b"])).Id;
        (ShortSweep, _) = await client.CreateSweep(ExperimentId, Explicit(Mix(("a", 0.2), ("b", 0.8)), Mix(("a", 0.5), ("b", 0.5)), Mix(("a", 0.8), ("b", 0.2))));
        (LongSweep, _) = await client.CreateSweep(ExperimentId, Explicit(Mix(("a", 0.3), ("b", 0.7)), Mix(("a", 0.6), ("b", 0.4)), Mix(("a", 0.7), ("b", 0.3))));
        foreach (var (sweep, truth) in new[] { (ShortSweep, ShortSweepTruth), (LongSweep, LongSweepTruth) })
        {
            var curves = new KnownLawCurves(["a", "b"], truth);
            foreach (var run in sweep.Runs) curves.Add(run.RunName, run.Mixture);
            await (await client.PostRaw($"/api/experiments/{ExperimentId}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        }

        var other = await CreateCorpusExperiment(client, ["a", "b"]);
        OtherExperimentSweepId = (await client.CreateSweep(other.Id, Explicit(Mix(("a", 0.5), ("b", 0.5))))).Sweep.Id;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class FitRunSelectionTests(TwoSweepExperiment factory) : IClassFixture<TwoSweepExperiment>
{
    private readonly HttpClient _client = factory.Authorized();
    private string FitsUrl => $"/api/experiments/{factory.ExperimentId}/fits";
    private static IReadOnlyList<string> NamesOf(SweepResponse sweep) => sweep.Runs.Select(r => r.RunName).ToList();

    private async Task<FitResponse> Fit(CreateFitRequest request) =>
        await (await _client.PostAsJsonAsync(FitsUrl, request)).Read<FitResponse>(HttpStatusCode.Created);

    private static void AssertRecovers((double B, double C, double Alpha, double Beta)[] truth, FitResponse fit)
    {
        for (var i = 0; i < truth.Length; i++)
        {
            Assert.InRange(fit.Domains[i].Alpha!.Value / truth[i].Alpha, 0.98, 1.02);
            Assert.InRange(fit.Domains[i].Beta / truth[i].Beta, 0.98, 1.02);
            Assert.InRange(fit.Domains[i].Diagnostics.InSampleRelativeError!.Value, 0, 1e-4);
        }
    }

    [Fact]
    public async Task A_sweep_selection_fits_only_that_sweeps_runs_and_is_stored_with_the_fit()
    {
        var fit = await Fit(new CreateFitRequest("bimix", Bootstrap: 10, Sweep: factory.ShortSweep.Id));

        AssertRecovers(TwoSweepExperiment.ShortSweepTruth, fit);
        Assert.Equal(60, fit.Domains[0].Diagnostics.Points); // 3 runs × 20 checkpoints
        Assert.Equal(factory.ShortSweep.Id, fit.Sweep);
        Assert.Equal(NamesOf(factory.ShortSweep), fit.Runs);

        var stored = await (await _client.GetAsync($"/api/fits/{fit.Id}")).Read<FitResponse>(HttpStatusCode.OK);
        Assert.Equal(factory.ShortSweep.Id, stored.Sweep);
        Assert.Equal(NamesOf(factory.ShortSweep), stored.Runs);
    }

    [Fact]
    public async Task Named_runs_select_exactly_those_runs()
    {
        var fit = await Fit(new CreateFitRequest("bimix", Bootstrap: 0, Runs: NamesOf(factory.LongSweep).Reverse().ToList()));

        AssertRecovers(TwoSweepExperiment.LongSweepTruth, fit);
        Assert.Null(fit.Sweep);
        Assert.Equal(NamesOf(factory.LongSweep), fit.Runs); // in run order, whatever the request's order
    }

    [Fact]
    public async Task Without_a_selection_every_run_is_fitted_and_the_two_sweeps_spoil_each_other()
    {
        var fit = await Fit(new CreateFitRequest("bimix", Bootstrap: 0));

        Assert.Null(fit.Sweep);
        Assert.Equal(NamesOf(factory.ShortSweep).Concat(NamesOf(factory.LongSweep)), fit.Runs);
        Assert.Equal(120, fit.Domains[0].Diagnostics.Points);
        Assert.True(fit.Domains.Max(d => d.Diagnostics.InSampleRelativeError) > 1e-2,
            "two different curves cannot be fitted by one law: this is why selection exists");
    }

    [Fact]
    public async Task Runs_and_sweep_together_keep_the_named_runs_of_that_sweep_and_hold_out_within_them()
    {
        var names = NamesOf(factory.ShortSweep);
        var fit = await Fit(new CreateFitRequest("bimix", Holdout: new HoldoutSpec("runs", [names[1]]), Bootstrap: 0,
            Runs: names, Sweep: factory.ShortSweep.Id));

        Assert.Equal(names, fit.Runs);
        Assert.Equal(40, fit.Domains[0].Diagnostics.Points); // 2 training runs × 20
        Assert.Equal([names[1]], fit.Holdout!.Runs);
        Assert.InRange(fit.Holdout.Summary.Worst!.Value, 0.999, 1.0); // noise-free: the held-out curve is predicted
    }

    /// <summary>(body, status, field, rule fragment); the ids and names exist only once the fixture has run, so this is not a Theory.</summary>
    private static (string Body, int Status, string Field, string? Rule)[] BadSelections(long shortSweep, long otherSweep, string shortRun, string longRun) =>
    [
        ($$"""{"law":"bimix","runs":["{{shortRun}}","nope"]}""", 400, "runs[1]", "unknown run 'nope'"),
        ($$"""{"law":"bimix","runs":[]}""", 400, "runs", "at least one run"),
        ($$"""{"law":"bimix","runs":["{{shortRun}}","{{shortRun}}"]}""", 400, "runs[1]", "twice"),
        ($$"""{"law":"bimix","runs":["{{longRun}}"],"sweep":{{shortSweep}}}""", 400, "runs[0]", $"not a run of sweep {shortSweep}"),
        ($$"""{"law":"bimix","sweep":{{otherSweep}}}""", 400, "sweep", "belongs to experiment"),
        ($$"""{"law":"bimix","sweep":999999}""", 400, "sweep", "no sweep"),
        ($$$"""{"law":"bimix","sweep":{{{shortSweep}}},"holdout":{"kind":"runs","runs":["{{{longRun}}}"]}}""", 400, "holdout.runs[0]", "not among the selected runs"),
        ($$"""{"law":"bimix","sweep":"x"}""", 400, "sweep", null),
    ];

    [Fact]
    public async Task Bad_selections_are_problems_naming_the_field_and_store_nothing()
    {
        var cases = BadSelections(factory.ShortSweep.Id, factory.OtherExperimentSweepId,
            factory.ShortSweep.Runs[0].RunName, factory.LongSweep.Runs[0].RunName);
        foreach (var (body, status, field, rule) in cases)
        {
            var before = factory.CountRows("fits");
            await ProblemAssert.Is(await _client.PostRaw(FitsUrl, body), (HttpStatusCode)status, field, rule);
            Assert.Equal(before, factory.CountRows("fits"));
        }
    }
}
