using ScalingApi.Contracts;

namespace ScalingApi.Host.Swagger;

/// <summary>Example request bodies shown in Swagger UI, keyed by endpoint name (WithName). They form one walkthrough.</summary>
public static class RequestExamples
{
    private static readonly Dictionary<string, double> Baseline = new()
    {
        ["ArXiv"] = 0.0458, ["Books"] = 0.0420, ["C4"] = 0.2660, ["CommonCrawl"] = 0.5203,
        ["GitHub"] = 0.0522, ["StackExchange"] = 0.0337, ["Wikipedia"] = 0.0399,
    };

    public static readonly IReadOnlyDictionary<string, (string ContentType, object Body)> ByEndpoint = new Dictionary<string, (string, object)>
    {
        ["CreateExperiment"] = ("application/json", new CreateExperimentRequest("slimpajama-124m",
            [new("ArXiv", 28e9), new("Books", 26e9), new("C4", 164e9), new("CommonCrawl", 321e9), new("GitHub", 32e9), new("StackExchange", 21e9), new("Wikipedia", 25e9)],
            TokensPerStep: 524_288)),
        ["CreateRun"] = ("application/json", new CreateRunRequest("baseline", Baseline)),
        ["PostObservations"] = ("application/json", new[]
        {
            new ObservationItem("baseline", 10_000, "ArXiv", 2.91), new ObservationItem("baseline", 10_000, "Books", 3.62),
            new ObservationItem("baseline", 20_000, "ArXiv", 2.74),
        }),
        ["CreateFit"] = ("application/json", new CreateFitRequest("bimix", "huber", new HoldoutSpec("last-step"), Bootstrap: 200, Seed: 42)),
        ["Predict"] = ("application/json", new PredictionRequest([new PredictionPoint(Baseline, Steps: 200_000), new PredictionPoint(Baseline, Tokens: 1e11)])),
        ["OptimalMixture"] = ("application/json", new OptimalMixtureRequest(
            Tokens: 1e11,
            Bounds: new Dictionary<string, ProportionRange> { ["CommonCrawl"] = new(0.2, 0.7) },
            DataLimits: new DataLimits(TotalTokens: 1e11, MaxEpochs: 4))),
        ["NextRuns"] = ("application/json", new NextRunsRequest(2, Tokens: 1e11,
            Bounds: new Dictionary<string, ProportionRange> { ["CommonCrawl"] = new(0.2, 0.7) })),
        ["CreateComparison"] = ("application/json", new CreateComparisonRequest(
            [new(Kind: "natural"), new(Kind: "uniform"), new(Kind: "entropy-ce"), new(Optimal: new OptimalCandidateSpec(Fit: 1))],
            Name: "bake-off", Preset: "tiny", Steps: 400, Seeds: 3)),
    };
}
