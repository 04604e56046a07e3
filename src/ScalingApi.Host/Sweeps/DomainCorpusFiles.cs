namespace ScalingApi.Host.Sweeps;

/// <summary>
/// The training files of each domain of an experiment, as a lease hands them to a worker.
/// Domains gain a <c>corpus</c> reference with the corpora API; until then no domain has files and
/// every list is empty.
/// </summary>
public sealed class DomainCorpusFiles
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Resolve(long experimentId) =>
        new Dictionary<string, IReadOnlyList<string>>();
}
