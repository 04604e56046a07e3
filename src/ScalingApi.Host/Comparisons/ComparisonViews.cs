using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Host.Sweeps;
using ScalingApi.Laws.Statistics;
using ScalingApi.Storage;
using ScalingApi.Storage.Comparisons;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Comparisons;

/// <summary>
/// Builds a comparison's document: its sweep's progress, and once the sweep is final the paired table over
/// the seeds whose runs completed for every candidate.
/// </summary>
public sealed class ComparisonViews(
    ComparisonStore store, SweepViews sweepViews, ExperimentStore experiments, ObservationStore observations)
{
    public ComparisonResponse? Find(long comparisonId) => store.Find(comparisonId) is { } row ? Build(row) : null;

    public List<ComparisonResponse> ForExperiment(long experimentId) => store.ForExperiment(experimentId).Select(Build).ToList();

    private ComparisonResponse Build(ComparisonRow row)
    {
        var sweep = sweepViews.Find(row.SweepId)!;
        var candidates = store.Candidates(row.Id);
        var averageOver = JsonSerializer.Deserialize<List<string>>(row.AveragedJson)!;
        var candidateViews = candidates.Select(c =>
        {
            var source = JsonSerializer.Deserialize<Dictionary<string, object?>>(c.SourceJson)!;
            var note = source.Remove("costNote", out var n) ? n?.ToString() : null;
            source.Remove("predictedLosses");
            return new ComparisonCandidateResponse(c.Label, c.Kind, Mixture(c), c.CostFlops, note, source);
        }).ToList();

        var (seedsCompared, results) = SweepStatus.IsFinal(sweep.Status) ? Results(row, sweep, candidates, averageOver) : (0, null);
        return new ComparisonResponse(
            row.Id, row.ExperimentId, row.Name, row.SweepId, sweep.Status, row.Baseline, (int)row.Seeds, sweep.Steps, averageOver,
            DateTimeOffset.Parse(row.CreatedAt), sweep.Totals, sweep.Compute, candidateViews, seedsCompared, results);
    }

    private (int, IReadOnlyList<ComparisonResult>?) Results(ComparisonRow row, SweepResponse sweep, IReadOnlyList<ComparisonCandidateRow> candidates,
        IReadOnlyList<string> averageOver)
    {
        var domains = experiments.Domains(row.ExperimentId);
        var steps = sweep.CheckpointSteps;
        var completed = sweep.Runs.Where(r => r.Status == SweepStatus.Completed).Select(r => r.RunId).ToHashSet();
        var losses = observations.ForExperiment(row.ExperimentId).Where(o => completed.Contains(o.RunId))
            .ToDictionary(o => (o.RunId, o.Step, o.DomainId), o => o.Loss);
        var runOf = store.Runs(row.Id).ToDictionary(r => (r.Position, r.Seed), r => r.RunId);

        bool Complete(long runId) => steps.All(s => domains.All(d => losses.ContainsKey((runId, s, d.Id))));
        var seeds = Enumerable.Range(1, (int)row.Seeds)
            .Where(k => candidates.All(c => runOf.TryGetValue((c.Position, k), out var run) && Complete(run))).ToList();
        if (seeds.Count == 0) return (0, null);

        double[] At(long runId, int step) => domains.Select(d => losses[(runId, step, d.Id)]).ToArray();
        var inputs = candidates.Select(c => new CandidateLosses(
            seeds.Select(k => At(runOf[(c.Position, k)], steps[^1])).ToArray(),
            steps.Select(s => seeds.Select(k => At(runOf[(c.Position, k)], s)).ToArray()).ToArray())).ToList();
        var averaged = domains.Select((d, i) => (d.Name, i)).Where(x => averageOver.Contains(x.Name)).Select(x => x.i).ToList();
        var baseline = candidates.Select(c => c.Label).ToList().IndexOf(row.Baseline);
        var summaries = PairedComparison.Compare(inputs, baseline, averaged, steps);

        var results = candidates.Select((c, i) =>
        {
            var s = summaries[i];
            var difference = s.VersusBaseline;
            return new ComparisonResult(
                c.Label, s.Rank, Mixture(c),
                domains.Select((d, j) => (d.Name, new SeedStatistic(s.Domains[j].Mean, s.Domains[j].Sd))).ToDictionary(),
                new SeedStatistic(s.Average.Mean, s.Average.Sd),
                domains[s.WorstDomain].Name, s.WorstLoss,
                new BaselineDifference(difference.Mean, difference.Sd, difference.Lower, difference.Upper, difference.Better, difference.Worse,
                    s.DomainsImproved, averaged.Count, domains.Select((d, j) => (d.Name, s.DomainDifferences[j])).ToDictionary()),
                s.StepsToBaseline,
                s.StepsToBaseline is { } reached ? (double)steps[^1] / reached : null,
                c.CostFlops,
                Calibration(c, s, domains, averaged));
        }).OrderBy(r => r.Rank).ThenBy(r => candidates.First(c => c.Label == r.Label).Position).ToList();
        return (seeds.Count, results);
    }

    /// <summary>The law's predicted losses (stored when the candidate was resolved) next to the realised means.</summary>
    private ComparisonCalibration? Calibration(ComparisonCandidateRow candidate, CandidateSummary summary, IReadOnlyList<DomainRow> domains,
        IReadOnlyList<int> averaged)
    {
        using var source = JsonDocument.Parse(candidate.SourceJson);
        if (!source.RootElement.TryGetProperty("predictedLosses", out var stored)) return null;
        var predicted = domains.Select(d => stored.GetProperty(d.Name).GetDouble()).ToArray();
        return new ComparisonCalibration(
            domains.Select((d, i) => (d.Name, predicted[i])).ToDictionary(),
            domains.Select((d, i) => (d.Name, summary.Domains[i].Mean)).ToDictionary(),
            averaged.Average(i => predicted[i]),
            summary.Average.Mean);
    }

    private static Dictionary<string, double> Mixture(ComparisonCandidateRow candidate) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(candidate.MixtureJson)!;
}
