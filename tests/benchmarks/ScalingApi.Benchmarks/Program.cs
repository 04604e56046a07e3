using ScalingApi.Benchmarks;

// One sub-command per benchmark; add yours to the table.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["fit"] = FitBenchmark.RunAsync,
    ["ingest"] = IngestBenchmark.RunAsync,
    ["corpus"] = args => Task.FromResult(CorpusBenchmark.Run(args)),
    ["preparation"] = args => Task.FromResult(PreparationBenchmark.Run(args)),
    ["training"] = args => Task.FromResult(TrainingBenchmark.Run(args)),
    ["training-phases"] = args => Task.FromResult(TrainingPhasesBenchmark.Run(args)),
    ["sweep-overhead"] = SweepOverheadBenchmark.RunAsync,
    ["write-cost"] = WriteCostBenchmark.RunAsync,
    ["coverage"] = CoverageBenchmark.RunAsync,
    ["coverage-sampling"] = CoverageSampling.RunAsync,
    ["coverage-diagnosis"] = CoverageDiagnosis.RunAsync,
    ["next-runs"] = NextRunsSimulation.RunAsync,
    ["lr-schedule"] = LrScheduleBenchmark.RunAsync,
    ["predictions"] = PredictionsBenchmark.RunAsync,
    ["dedup"] = args => Task.FromResult(DedupBenchmark.Run(args)),
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: ScalingApi.Benchmarks <{string.Join("|", commands.Keys)}> [options]");
    return 2;
}
return await command(args[1..]);
