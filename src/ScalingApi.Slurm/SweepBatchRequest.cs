namespace ScalingApi.Slurm;

/// <summary>What the service knows about a sweep when it turns it into one job array.</summary>
/// <param name="SweepId">Passed to the worker as <c>--sweep</c>; also names the job.</param>
/// <param name="TaskCount">One array task per run; the worker maps its task index to a run.</param>
/// <param name="ApiUrl">Where workers reach the service from the compute nodes.</param>
public sealed record SweepBatchRequest(string SweepId, int TaskCount, Uri ApiUrl);
