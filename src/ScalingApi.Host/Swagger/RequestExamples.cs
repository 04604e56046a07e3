using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;

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
        ["ComputeOptimal"] = ("application/json", new ComputeOptimalRequest(Flops: 5.76e23)),
        ["CompareLaws"] = ("application/json", new LawComparisonRequest(["bimix", "dml"], new HoldoutSpec("runs", ["baseline"]))),
        ["StartDoReMi"] = ("application/json", new DoReMiRequest(ReferenceMixture: "natural", Preset: "tiny", Steps: 200, Rounds: 1, Seed: 1)),
        ["StartChameleon"] = ("application/json", new ChameleonRequest(Checkpoint: new CheckpointSelector(1, "uniform-proxy"), WindowsPerDomain: 64, Lambda: 10)),
        ["PostDomainWeights"] = ("application/json", new DomainWeightsPoint(50,
            new Dictionary<string, double> { ["ArXiv"] = 0.31, ["Books"] = 0.69 }, new Dictionary<string, double> { ["ArXiv"] = 0.38, ["Books"] = 0.62 })),
        ["PostDomainEmbeddings"] = ("application/json", new DomainEmbeddings(
            new Dictionary<string, double[]> { ["ArXiv"] = [0.12, -0.40, 0.88], ["Books"] = [0.05, 0.31, -0.27] }, Layer: 1, Windows: 64)),
        ["ImportWideLayout"] = ("multipart/form-data", new Dictionary<string, string>
        {
            ["ratios"] = "run,ArXiv,Books\nbaseline,0.6,0.4\n",
            ["metrics"] = "run,step,ArXiv,Books\nbaseline,10000,2.91,3.62\nbaseline,20000,2.74,\n",
        }),
        ["StartCorpusStats"] = ("application/json", new StartCorpusStatsRequest("bytes")),
        ["StartCorpusPreparation"] = ("application/json", new StartCorpusPreparationRequest(["C4", "CommonCrawl"], new ScalingApi.Corpora.Preparation.PreparationStages
        {
            Language = new() { Languages = ["en"], MinConfidence = 0.65 },
            Quality = new(),
            ExactDedup = new(),
            NearDedup = new() { Threshold = 0.8 },
            AcrossDomains = true,
        })),
        ["SaveMixture"] = ("application/json", new SaveMixtureRequest("entropy-ce-low", From: new MixtureSource("entropy-ce", Temperature: 0.05))),
        ["CreateSweep"] = ("application/json", new CreateSweepRequest(
            [new SweepMixtureSpec(Saved: "natural"), new SweepMixtureSpec(Name: "code-up", Mixture: new Dictionary<string, double> { ["ArXiv"] = 0.3, ["Books"] = 0.7 }),
             new SweepMixtureSpec(Design: "entropy", Measure: "ce", Temperature: 0.05)],
            new ProxyModelSpec("tiny"), Steps: 80, new CheckpointSpec(Count: 5, Spacing: "log"), Name: "brown-tiny", Seed: 1,
            LearningRateSchedule: new LearningRateScheduleSpec("wsd", Peak: 3e-3, WarmupSteps: 8, Final: 3e-4))),
        ["ClaimLease"] = ("application/json", new LeaseRequest("node1-4711", TaskIndex: 0)),
        ["LeaseHeartbeat"] = ("application/json", new Heartbeat(Step: 40, TokensPerSecond: 52_000, TrainLoss: 3.12, DeviceSeconds: 12.5, Tokens: 40_960)),
        ["CompleteLease"] = ("application/json", new LeaseCompletion(DeviceSeconds: 25.1, Tokens: 81_920)),
        ["FailLease"] = ("application/json", new LeaseFailure("CUDA out of memory", Retryable: true)),
    };

    /// <summary>Second bodies of endpoints that read more than one content type.</summary>
    public static readonly IReadOnlyDictionary<string, (string ContentType, object Body)> AlternativeBodies = new Dictionary<string, (string, object)>
    {
        ["PostObservations"] = ("text/csv", "run,step,domain,loss\nbaseline,10000,ArXiv,2.91\nbaseline,10000,Books,3.62\nbaseline,20000,ArXiv,2.74\n"),
    };
}
