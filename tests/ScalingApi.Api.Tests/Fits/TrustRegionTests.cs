using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Infrastructure.SyntheticSweep;

namespace ScalingApi.Api.Tests.Fits;

/// <summary>The trust region on the synthetic SlimPajama sweep (4 training mixtures, bootstrapped fit).</summary>
public sealed class TrustRegionTests(FittedSweepFactory factory) : IClassFixture<FittedSweepFactory>
{
    private readonly HttpClient _client = factory.Authorized();
    private string FitUrl => $"/api/fits/{factory.Fit.Id}";

    private static double ObservedMin(int domain) => TrainingRuns.Min(r => Mixtures[r][domain]);
    private static double ObservedMax(int domain) => TrainingRuns.Max(r => Mixtures[r][domain]);

    [Fact]
    public void Fit_records_the_observed_proportions_and_steps_and_its_interval_method()
    {
        Assert.Equal("parametric-bootstrap", factory.Fit.IntervalMethod);
        for (var i = 0; i < Domains.Length; i++)
        {
            var observed = factory.Fit.Domains[i].Observed!;
            Assert.Equal(ObservedMin(i), observed.MinProportion, 12);
            Assert.Equal(ObservedMax(i), observed.MaxProportion, 12);
            Assert.Equal(Steps[0], observed.MinSteps, 9);
            Assert.Equal(Steps[^1], observed.MaxSteps, 9);
            Assert.Equal(Steps[^1] * TokensPerStep, observed.MaxTokens!.Value, 3);
            Assert.NotNull(factory.Fit.Domains[i].ExtrapolationError);
            // the proportion check left out the run at each end of this domain's shares (not an end two runs share: leaving one
            // of them out extrapolates nothing, as the 4.2 % of domain 1), and names the range it applies outside
            var shares = TrainingRuns.Select(r => Mixtures[r][i]).ToList();
            var proportionError = factory.Fit.Domains[i].ProportionError!;
            Assert.Equal((shares.Count(x => x == shares.Min()) == 1 ? 1 : 0) + (shares.Count(x => x == shares.Max()) == 1 ? 1 : 0), proportionError.HeldOutRuns);
            Assert.Equal(ObservedMin(i), proportionError.MinProportion, 12);
            Assert.Equal(ObservedMax(i), proportionError.MaxProportion, 12);
            Assert.True(proportionError.PerLogProportion >= 0 && proportionError.Critical > 0);
        }
    }

    [Fact]
    public async Task Optimum_stays_inside_the_observed_proportions_unless_extrapolating()
    {
        var request = new OptimalMixtureRequest(Steps: 800_000);
        var inside = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", request)).Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        for (var i = 0; i < Domains.Length; i++)
        {
            var share = inside.Optimal.Mixture[Domains[i]];
            Assert.InRange(share.Value, ObservedMin(i) - 1e-9, ObservedMax(i) + 1e-9);
            Assert.InRange(share.Lower, ObservedMin(i) - 1e-9, ObservedMax(i) + 1e-9);
            Assert.InRange(share.Upper, ObservedMin(i) - 1e-9, ObservedMax(i) + 1e-9);
        }
        Assert.False(inside.TrustRegion!.Extrapolate);
        Assert.Empty(inside.Optimal.Extrapolation!.ProportionsOutside);
        Assert.Equal(4.0, inside.Optimal.Extrapolation.StepsMultiple!.Value, 9);
        Assert.StartsWith("parametric-bootstrap", inside.Optimal.Average.IntervalMethod);

        // The free optimum leaves the observed range somewhere: those domains are the ones flagged at a bound, with advice.
        var free = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", request with { Extrapolate = true }))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        Assert.NotEmpty(free.Optimal.Extrapolation!.ProportionsOutside);
        Assert.True(free.Optimal.Average.Loss <= inside.Optimal.Average.Loss + 1e-12);
        Assert.NotEmpty(inside.TrustRegion.AtObservedBound);
        Assert.All(inside.TrustRegion.AtObservedBound, kv => Assert.Contains($"of {kv.Key}", kv.Value));
        Assert.Contains(free.Optimal.Extrapolation.ProportionsOutside.Keys, d => inside.TrustRegion.AtObservedBound.ContainsKey(d));
    }

    [Fact]
    public async Task Uniform_and_natural_that_break_data_limits_are_marked_infeasible_with_why()
    {
        var limits = new DataLimits(TotalTokens: 50e9, MaxEpochs: 2); // Books ≤ 2 · 2.6e9 / 50e9 = 0.104 < 1/7
        var response = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", new OptimalMixtureRequest(Steps: 200_000, DataLimits: limits, Extrapolate: true)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        Assert.False(response.Uniform.Feasible);
        Assert.Contains(response.Uniform.Infeasible!, why => why.Contains("Books") && why.Contains("data limit"));
        Assert.True(response.Optimal.Feasible);
        Assert.Empty(response.Optimal.Infeasible!);
        // natural = token shares: CommonCrawl 32.1/61.7 = 0.52 > 2 · 32.1e9 / 50e9? no (1.28); every domain within its cap
        Assert.True(response.Natural!.Feasible);

        var bounded = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture",
                new OptimalMixtureRequest(Steps: 200_000, Bounds: new Dictionary<string, ProportionRange> { ["CommonCrawl"] = new(0, 0.3) }, Extrapolate: true)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        Assert.False(bounded.Natural!.Feasible);
        Assert.Contains(bounded.Natural.Infeasible!, why => why.Contains("bounds.CommonCrawl.max"));
        Assert.True(bounded.Uniform.Feasible);
    }

    [Fact]
    public async Task Bounds_wholly_outside_a_domains_observed_proportions_are_honoured_and_reported_as_extrapolated()
    {
        var bounds = new Dictionary<string, ProportionRange> { ["GitHub"] = new(0.2, 0.3) }; // observed GitHub ≤ 0.0952
        var response = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", new OptimalMixtureRequest(Steps: 1000, Bounds: bounds)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        Assert.InRange(response.Optimal.Mixture["GitHub"].Value, 0.2 - 1e-9, 0.3 + 1e-9);
        Assert.Contains("extrapolated", response.TrustRegion!.OutsideObserved!["GitHub"]);
        Assert.Contains("GitHub", response.Optimal.Extrapolation!.ProportionsOutside.Keys);
        for (var i = 0; i < Domains.Length; i++)
            if (Domains[i] != "GitHub")
                Assert.InRange(response.Optimal.Mixture[Domains[i]].Value, ObservedMin(i) - 1e-9, ObservedMax(i) + 1e-9);
    }

    [Fact]
    public async Task Predictions_say_how_far_they_extrapolate()
    {
        var mixture = Domains.ToDictionary(d => d, _ => 1.0 / 7); // Books 0.143 < max 0.1669, CommonCrawl 0.143 < min 0.1863
        var response = await (await _client.PostAsJsonAsync($"{FitUrl}/predictions", new PredictionRequest([new PredictionPoint(mixture, Steps: 800_000)])))
            .Read<PredictionResponse>(HttpStatusCode.OK);
        var extrapolation = response.Points[0].Extrapolation!;
        Assert.Equal(4.0, extrapolation.StepsMultiple!.Value, 9);
        var cc = extrapolation.ProportionsOutside["CommonCrawl"];
        Assert.Equal(ObservedMin(3), cc.ObservedMin, 12);
        Assert.Equal(1.0 / 7 / ObservedMin(3), cc.Factor, 9);
        Assert.DoesNotContain("Books", extrapolation.ProportionsOutside.Keys);
        Assert.StartsWith("parametric-bootstrap", response.Points[0].Average.IntervalMethod);
    }

    [Fact]
    public async Task Next_runs_step_beyond_the_observed_edge_the_optimum_is_clamped_at_then_go_where_the_laws_disagree()
    {
        var optimum = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", new OptimalMixtureRequest(Steps: 800_000)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        Assert.NotEmpty(optimum.TrustRegion!.AtObservedBound);
        var response = await (await _client.PostAsJsonAsync($"{FitUrl}/next-runs", new NextRunsRequest(3, Steps: 800_000)))
            .Read<NextRunsResponse>(HttpStatusCode.OK);
        Assert.Equal(3, response.Runs.Count);

        // The first run takes every domain clamped at an edge beyond it, by at most the advisor's factor of 2.
        var step = response.Runs[0];
        Assert.True(step.ExtendsObservedRange);
        foreach (var (domain, advice) in optimum.TrustRegion.AtObservedBound)
        {
            var i = Array.IndexOf(Domains, domain);
            if (advice.Contains("more of"))
                Assert.InRange(step.Mixture[domain], ObservedMax(i) + 1e-6, 2 * ObservedMax(i) + 1e-9);
            else
                Assert.InRange(step.Mixture[domain], ObservedMin(i) / 2 - 1e-9, ObservedMin(i) - 1e-6);
            Assert.Contains(domain, step.Why);
        }
        foreach (var run in response.Runs)
        {
            Assert.Equal(1.0, run.Mixture.Values.Sum(), 6);
            for (var i = 0; i < Domains.Length; i++)
                Assert.InRange(run.Mixture[Domains[i]], ObservedMin(i) / 2 - 1e-9, 2 * ObservedMax(i) + 1e-9);
            Assert.True(run.Disagreement > 0);
            Assert.True(run.Predicted.Lower < run.Predicted.Upper);
            Assert.False(string.IsNullOrWhiteSpace(run.Why));
        }
        // The others are the most disputed candidates around that step.
        Assert.Equal(response.Runs[1].Disagreement, response.Runs.Skip(1).Max(r => r.Disagreement));
        Assert.Contains("beyond", response.ExpectedEffect);

        // Within bounds that already hold the optimum inside the data, nothing steps out.
        var inside = Domains.Select((d, i) => (d, new ProportionRange(ObservedMin(i), ObservedMax(i)))).ToDictionary(x => x.d, x => x.Item2);
        var bounded = await (await _client.PostAsJsonAsync($"{FitUrl}/next-runs", new NextRunsRequest(2, Steps: 800_000, Bounds: inside)))
            .Read<NextRunsResponse>(HttpStatusCode.OK);
        Assert.All(bounded.Runs, r => Assert.False(r.ExtendsObservedRange));
        Assert.All(bounded.Runs, r => Assert.Contains("disagree", r.Why));

        await ProblemAssert.Is(await _client.PostRaw($"{FitUrl}/next-runs", """{"count":0,"steps":1000}"""), HttpStatusCode.BadRequest, "count");
        await ProblemAssert.Is(await _client.PostRaw($"{FitUrl}/next-runs", """{"count":2}"""), HttpStatusCode.BadRequest, "steps");
        await ProblemAssert.Is(await _client.PostRaw($"{FitUrl}/next-runs", """{"count":2,"steps":1000,"bounds":{"Mars":{"min":0,"max":1}}}"""),
            HttpStatusCode.BadRequest, "bounds.Mars");
        await ProblemAssert.Is(await _client.PostRaw("/api/fits/999999/next-runs", """{"count":2,"steps":1000}"""), HttpStatusCode.NotFound, "id");
    }

    /// <summary>
    /// The advice's point: after running the recommended mixture (losses from the true law) and refitting, the default
    /// optimum is no longer held at the old edge and gives away less true loss. Runs kept inside the trust region leave a
    /// clamped optimum where it was.
    /// </summary>
    [Fact]
    public async Task Running_the_recommended_mixture_moves_a_clamped_optimum_towards_the_true_one()
    {
        var experiment = await _client.CreateExperiment(Domains, TokensPerStep, Tokens);
        foreach (var run in TrainingRuns) await _client.CreateRun(experiment.Id, run, MixtureOf(run));
        await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", Csv(TrainingRuns, seed: 2024), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var fitRequest = new CreateFitRequest("bimix", "huber", Bootstrap: 20, Seed: 7);
        var first = await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", fitRequest)).Read<FitResponse>(HttpStatusCode.Created);
        var planning = new OptimalMixtureRequest(Steps: 800_000);
        var before = await (await _client.PostAsJsonAsync($"/api/fits/{first.Id}/optimal-mixture", planning)).Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        var clamped = before.TrustRegion!.AtObservedBound.Keys.ToList();
        Assert.NotEmpty(clamped);

        var advice = await (await _client.PostAsJsonAsync($"/api/fits/{first.Id}/next-runs", new NextRunsRequest(1, Steps: 800_000)))
            .Read<NextRunsResponse>(HttpStatusCode.OK);
        var recommended = Domains.Select(d => advice.Runs[0].Mixture[d]).ToArray();
        await _client.CreateRun(experiment.Id, "next-1", advice.Runs[0].Mixture);
        await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", Csv([("next-1", recommended)], seed: 2025), "text/csv"))
            .Read<IngestResponse>(HttpStatusCode.OK);
        var second = await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", fitRequest)).Read<FitResponse>(HttpStatusCode.Created);
        var after = await (await _client.PostAsJsonAsync($"/api/fits/{second.Id}/optimal-mixture", planning)).Read<OptimalMixtureResponse>(HttpStatusCode.OK);

        static Dictionary<string, double> Shares(OptimalMixtureResponse r) => r.Optimal.Mixture.ToDictionary(x => x.Key, x => x.Value.Value);
        Assert.Contains(clamped, d => Math.Abs(Shares(after)[d] - Shares(before)[d]) > 0.01);
        Assert.True(TrueAverageLoss(Shares(after), 800_000) < TrueAverageLoss(Shares(before), 800_000),
            $"true average loss {TrueAverageLoss(Shares(after), 800_000)} after vs {TrueAverageLoss(Shares(before), 800_000)} before");
    }

    [Fact]
    public async Task Unknown_interval_method_is_400_naming_it()
    {
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{factory.ExperimentId}/fits", """{"law":"bimix","intervals":"jackknife"}"""),
            HttpStatusCode.BadRequest, "intervals");
    }
}
