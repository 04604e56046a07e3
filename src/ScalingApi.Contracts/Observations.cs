namespace ScalingApi.Contracts;

/// <summary>One validation loss.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="Step">Positive integer training step of the checkpoint.</param>
/// <param name="Domain">The domain's name.</param>
/// <param name="Loss">Finite and &gt; 0 (nats per token).</param>
public sealed record ObservationItem(string Run, long Step, string Domain, double Loss);

/// <summary>What a bulk observation post did. Re-posting identical points counts them as unchanged.</summary>
public sealed record IngestResponse(int Inserted, int Unchanged, int Replaced);

/// <summary>What a wide-layout import did.</summary>
/// <param name="RunsCreated">Runs that did not exist and were created from ratios.csv.</param>
/// <param name="Observations">Counts of the long-form points derived from metrics.csv.</param>
public sealed record WideImportResponse(IReadOnlyList<string> RunsCreated, IngestResponse Observations);
