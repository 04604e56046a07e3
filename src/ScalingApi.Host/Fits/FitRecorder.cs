using ScalingApi.Contracts;
using ScalingApi.Host.Telemetry;
using ScalingApi.Storage;

namespace ScalingApi.Host.Fits;

/// <summary>Stores a finished fit of any law as one immutable row, in a write transaction of its own.</summary>
public sealed class FitRecorder(DbSession db, FitStore fits, ScalingApiMetrics metrics)
{
    /// <param name="modelJson">The law's fitted model, serialised by that law's own JSON mapping.</param>
    public FitRow Record(long experimentId, CreateFitRequest request, int seed, int bootstrap, string modelJson, HoldoutResponse? holdout,
        double elapsedMs, SelectedRuns selection)
    {
        using var write = db.BeginWrite();
        var row = fits.Insert(new FitRow
        {
            ExperimentId = experimentId,
            Law = request.Law,
            Objective = request.Objective,
            Seed = seed,
            Bootstrap = bootstrap,
            RequestJson = FitModelJson.Serialize(request),
            ModelJson = modelJson,
            HoldoutJson = holdout is null ? null : FitModelJson.Serialize(holdout),
            ElapsedMs = elapsedMs,
            SweepId = selection.Sweep,
            RunsJson = FitModelJson.Serialize(selection.Runs),
        });
        write.Commit();
        metrics.FitRecorded(request.Law, elapsedMs);
        return row;
    }
}
