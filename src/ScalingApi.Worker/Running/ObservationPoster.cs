using ScalingApi.Training.Trainer;
using ScalingApi.Worker.Api;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Posts one checkpoint's per-domain validation losses as one batch of observations, retrying transient
/// failures. The service treats an identical re-post as a no-op, which is what makes retries and the
/// re-posting of earlier checkpoints after a resume safe.
/// </summary>
public sealed class ObservationPoster(WorkerApiClient api, long experimentId, string runName, IReadOnlyList<string> domainOrder, TransientRetry retry)
{
    public int BatchesPosted { get; private set; }

    /// <summary>Wall-clock spent posting, retries included (the trainer keeps running meanwhile).</summary>
    public TimeSpan TimePosting { get; private set; }

    public static IReadOnlyList<ObservationRow> Rows(string runName, EvaluationReport report, IReadOnlyList<string> domainOrder)
    {
        var missing = domainOrder.Where(d => !report.DomainLoss.ContainsKey(d)).ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException($"the evaluation at step {report.Step} has no loss for {string.Join(", ", missing)}");
        return domainOrder.Select(d => new ObservationRow(runName, report.Step, d, report.DomainLoss[d])).ToArray();
    }

    public async Task PostAsync(EvaluationReport report, CancellationToken cancellationToken)
    {
        var rows = Rows(runName, report, domainOrder);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await retry.RunAsync(async ct => { await api.PostObservationsAsync(experimentId, rows, ct); return true; }, cancellationToken);
        TimePosting += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        BatchesPosted++;
    }
}
