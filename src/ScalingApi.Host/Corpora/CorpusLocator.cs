using ScalingApi.Corpora.References;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>
/// Finds the files behind an experiment's domains (for the statistics job, and for sweeps that train on them).
/// References are resolved on every call, so files added to a folder or glob are seen, and a reference
/// that stopped resolving (deleted, or a symlink now pointing out of the roots) is reported, not guessed.
/// </summary>
public sealed class CorpusLocator(ExperimentStore experiments, CorpusReferences references)
{
    /// <summary>The resolved absolute files of one domain's corpus.</summary>
    /// <exception cref="DomainException"><see cref="NotFoundException"/> for an unknown experiment or domain; <see cref="UnanswerableException"/> when the domain has no
    /// corpus or its reference no longer resolves (field <c>domains[i].corpus</c>).</exception>
    public IReadOnlyList<string> ResolveFiles(long experimentId, string domain) => Resolve(experimentId, domain).Files;

    /// <inheritdoc cref="ResolveFiles"/>
    public DomainCorpus Resolve(long experimentId, string domain)
    {
        var domains = Domains(experimentId);
        var row = domains.FirstOrDefault(d => d.Name == domain)
                  ?? throw new NotFoundException("domain", $"experiment {experimentId}: " + UnknownDomain.Rule(domain, domains.Select(d => d.Name)));
        return Resolve(row) ?? throw new UnanswerableException($"domains[{row.Position}].corpus",
            $"domain '{domain}' has no corpus reference");
    }

    /// <summary>Every domain that has a corpus reference, in domain order; domains without one are left out.</summary>
    public IReadOnlyList<DomainCorpus> ResolveAll(long experimentId) =>
        Domains(experimentId).Select(Resolve).OfType<DomainCorpus>().ToList();

    private IReadOnlyList<DomainRow> Domains(long experimentId)
    {
        if (experiments.Find(experimentId) is null) throw NotFoundException.Experiment(experimentId);
        return experiments.Domains(experimentId);
    }

    private DomainCorpus? Resolve(DomainRow row)
    {
        if (row.Corpus is null) return null;
        try
        {
            var resolved = references.Resolve(row.Corpus);
            return new DomainCorpus(row.Id, row.Name, (int)row.Position, row.Corpus, resolved.Files);
        }
        catch (CorpusReferenceException e)
        {
            throw new UnanswerableException($"domains[{row.Position}].corpus", $"no longer resolves: {e.Message}");
        }
    }
}
