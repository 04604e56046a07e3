using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Validation;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Plots;

/// <summary>
/// Figures of things still changing (a sweep's losses, a statistics job): rendered on every request,
/// never cached, so a console polling them sees progress.
/// </summary>
public sealed class ProgressPlots(SweepStore sweeps, ExperimentDataLoader experiments, CorpusStatsJobs jobs)
{
    /// <summary>Each sweep run's recorded validation losses: one domain's, or the mean over domains at checkpoints where all were recorded.</summary>
    /// <exception cref="DomainException"><see cref="NotFoundException"/> unknown sweep; <see cref="InvalidInputException"/> unknown domain.</exception>
    public PlotImage SweepLosses(long sweepId, string? domain, PlotFormat format)
    {
        var sweep = sweeps.Find(sweepId) ?? throw NotFoundException.Sweep(sweepId);
        var data = experiments.Load(sweep.ExperimentId).Data;
        var index = domain is null ? -1 : data.Domains.ToList().IndexOf(domain);
        if (domain is not null && index < 0)
            throw new InvalidInputException("domain", UnknownDomain.Rule(domain, data.Domains));

        var runs = sweeps.Runs(sweepId).Select(sweepRun =>
        {
            var k = data.Runs.ToList().FindIndex(r => r.Name == sweepRun.RunName);
            var points = data.Observations.Where(o => o.Run == k && (index < 0 || o.Domain == index))
                .GroupBy(o => o.Step)
                .Where(g => index >= 0 || g.Count() == data.Domains.Count)
                .OrderBy(g => g.Key)
                .Select(g => new LossPoint(g.Key, g.Average(o => o.Loss)))
                .Where(p => p.Step > 0 && p.Loss > 0)
                .ToList();
            return new RunLosses(sweepRun.RunName, sweepRun.Status, points);
        }).ToList();
        var label = domain is null ? "mean validation loss over domains (log)" : $"{domain} validation loss (log)";
        return PlotRenderer.Render(LossCurvesChart.Draw($"Sweep {sweepId} ({sweep.Status})", label, runs), format);
    }

    /// <summary>The entropies of the experiment's latest statistics job (optionally of one tokenizer).</summary>
    public PlotImage CorpusEntropies(long experimentId, string? tokenizer, PlotFormat format)
    {
        var job = jobs.Latest(experimentId, tokenizer)
                  ?? throw new NotFoundException("id", $"experiment {experimentId} has no corpus statistics job{(tokenizer is null ? "" : $" for tokenizer '{tokenizer}'")}; POST /api/experiments/{experimentId}/corpus-stats starts one");
        return PlotRenderer.Render(EntropyBarsChart.Draw(job), format);
    }
}
