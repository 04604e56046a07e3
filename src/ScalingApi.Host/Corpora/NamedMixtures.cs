using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>Mixtures saved on an experiment under a name, posted by hand or frozen from a computed kind.</summary>
public sealed class NamedMixtures(DbSession db, ExperimentStore experiments, NamedMixtureStore store, CorpusMixtures mixtures)
{
    public const string CustomKind = "custom";

    /// <summary>The saved mixture, proportions in domain order; null when the experiment has none of that name.</summary>
    public NamedMixtureResponse? Find(long experimentId, string name) =>
        store.Find(experimentId, name) is { } row ? Describe([row], experiments.Domains(experimentId))[0] : null;

    public IReadOnlyList<NamedMixtureResponse> List(long experimentId) =>
        Describe(store.List(experimentId), experiments.Domains(experimentId));

    /// <exception cref="DomainException"><see cref="InvalidInputException"/> invalid body, <see cref="NotFoundException"/> unknown experiment, <see cref="ConflictException"/> name taken or statistics missing.</exception>
    public NamedMixtureResponse Save(long experimentId, SaveMixtureRequest request)
    {
        if (experiments.Find(experimentId) is null) throw NotFoundException.Experiment(experimentId);
        var domains = experiments.Domains(experimentId);
        // the request's own rules have run (SaveMixtureRules): here the names against the experiment's domains
        var errors = new List<FieldError>();
        var posted = request.Mixture is not null ? MixtureValidator.InDomainOrder(request.Mixture, domains.Select(d => d.Name).ToList(), "mixture", errors) : null;
        if (errors.Count > 0) throw new InvalidInputException(errors);
        var name = request.Name;

        string kind = CustomKind;
        double? temperature = null;
        string? tokenizer = null;
        double[] proportions;
        if (posted is not null) proportions = posted;
        else
        {
            var computed = mixtures.Compute(experimentId, request.From!.Kind, request.From.Temperature, request.From.Tokenizer, field: "from.");
            (kind, temperature, tokenizer) = (computed.Kind, computed.Temperature, computed.Tokenizer);
            proportions = domains.Select(d => computed.Mixture[d.Name]).ToArray();
        }

        using var write = db.BeginWrite();
        if (store.Find(experimentId, name) is not null)
            throw new ConflictException("name", $"a mixture named '{name}' already exists in experiment {experimentId}");
        store.Insert(experimentId, name, kind, temperature, tokenizer, domains.Select((d, i) => (d.Id, proportions[i])).ToDictionary());
        var saved = Find(experimentId, name)!;
        write.Commit();
        return saved;
    }

    private IReadOnlyList<NamedMixtureResponse> Describe(IReadOnlyList<NamedMixtureRow> rows, IReadOnlyList<DomainRow> domains)
    {
        var proportions = store.Proportions(rows.Select(r => r.Id)).ToLookup(p => p.MixtureId);
        return rows.Select(r =>
        {
            var byDomain = proportions[r.Id].ToDictionary(p => p.DomainId, p => p.Proportion);
            return new NamedMixtureResponse(r.Name, r.Kind, r.Temperature, r.Tokenizer,
                domains.Where(d => byDomain.ContainsKey(d.Id)).ToDictionary(d => d.Name, d => byDomain[d.Id]),
                DateTimeOffset.Parse(r.CreatedAt));
        }).ToList();
    }
}
