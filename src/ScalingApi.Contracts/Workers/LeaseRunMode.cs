namespace ScalingApi.Contracts.Workers;

/// <summary>
/// What a leased run does besides ordinary training. Absent (null) on ordinary sweep runs; set on the runs a
/// mixture-method job launches, so DoReMi proxies and Chameleon embeddings go through the same lease machinery.
/// </summary>
/// <param name="Kind"><see cref="DoReMiProxy"/> or <see cref="Embed"/>.</param>
/// <param name="Checkpoint">DoReMi: the reference run; Embed: the proxy whose checkpoint embeds the domains.</param>
/// <param name="TrajectoryEvery">DoReMi: post α_t every this many steps.</param>
/// <param name="WindowsPerDomain">Embed: training windows sampled per domain.</param>
/// <param name="Seed">Embed: seed of the window sampling.</param>
public sealed record LeaseRunMode(
    string Kind,
    RunCheckpoint Checkpoint,
    double? Eta = null,
    double? Smoothing = null,
    int? TrajectoryEvery = null,
    int? WindowsPerDomain = null,
    int? Seed = null)
{
    public const string DoReMiProxy = "doremi-proxy";
    public const string Embed = "embed";
}

/// <summary>The final checkpoint of a sweep's run, found by the worker under its checkpoint root (<c>sweep-{SweepId}/run-{RunId}</c>).</summary>
public sealed record RunCheckpoint(long SweepId, long RunId);

/// <summary>Body of <c>POST /api/leases/{leaseId}/domain-weights</c>: a DoReMi proxy's α_t and running average after Step steps.</summary>
public sealed record DomainWeightsPoint(int Step, IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, double> Average);

/// <summary>Body of <c>POST /api/leases/{leaseId}/embeddings</c>: one mean-pooled middle-layer vector per domain.</summary>
/// <param name="Layer">Index of the transformer block whose output was pooled (0-based).</param>
/// <param name="Windows">Windows embedded per domain.</param>
public sealed record DomainEmbeddings(IReadOnlyDictionary<string, double[]> Embeddings, int Layer, int Windows);
