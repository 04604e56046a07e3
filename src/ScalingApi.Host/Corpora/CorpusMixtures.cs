using ScalingApi.Contracts;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Host.Errors;
using ScalingApi.Host.MixtureMethods;
using ScalingApi.Laws.Mixtures;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>Token counts per domain (domain order) behind the natural mixture, and where they came from.</summary>
/// <param name="Source"><see cref="Declared"/> (the domains' <c>tokens</c>) or <see cref="Measured"/> (corpus statistics).</param>
/// <param name="Tokenizer">Tokenizer of the measured statistics; null for declared counts.</param>
public sealed record NaturalTokenCounts(string Source, string? Tokenizer, double[] Tokens)
{
    public const string Declared = "declared";
    public const string Measured = "measured";
}

/// <summary>
/// Computes the mixtures of an experiment: natural (token shares), uniform, and the BiMix entropy mixtures
/// r = softmax(H/τ) from the statistics valid for the corpora as they are on disk now; the trained kinds
/// (doremi, chameleon) come from the latest completed mixture-method job.
/// </summary>
public sealed class CorpusMixtures(ExperimentStore experiments, CurrentCorpusStats current, MethodMixtures methods)
{
    public const double DefaultTemperature = 1.0;

    /// <param name="field">Prefix for the names of invalid fields ("" for query parameters, "from." inside a body).</param>
    /// <exception cref="DomainException"><see cref="InvalidInputException"/> bad kind/temperature/tokenizer (<see cref="NotFoundException"/> for an unknown kind in the URL),
    /// <see cref="NotFoundException"/> unknown experiment, <see cref="ConflictException"/> statistics missing or stale.</exception>
    /// <param name="job">For the trained kinds: that job's mixture instead of the latest completed one.</param>
    public MixtureResponse Compute(long experimentId, string kind, double? temperature, string? tokenizer, string field = "", long? job = null)
    {
        // the kind in a URL names a resource: unknown, it is not found; in a body (or a query) it is a broken rule
        if (field == "" && !MixtureKinds.All.Contains(kind)) throw new NotFoundException("kind", MixtureKinds.UnknownKind(kind));
        var errors = new List<FieldError>();
        MixtureKinds.Validate(kind, temperature, tokenizer, field, errors);
        if (errors.Count > 0) throw new InvalidInputException(errors);
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        var tokenizerId = tokenizer ?? experiment.Tokenizer;
        var domains = experiments.Domains(experimentId);

        if (MethodMixtures.IsMethodKind(kind)) return methods.Compute(experimentId, kind, job, domains, field);

        if (kind == MixtureKinds.Uniform)
            return Response(kind, "equal shares", null, null, domains, domains.Select(_ => 1.0 / domains.Count).ToArray());

        if (kind == MixtureKinds.Natural)
        {
            var counts = NaturalTokens(experimentId, domains, tokenizerId);
            return counts.Source == NaturalTokenCounts.Declared
                ? Response(kind, "domain tokens", null, null, domains, Shares(counts.Tokens), tokens: counts.Tokens)
                : Response(kind, "measured tokens", null, tokenizerId, domains, Shares(counts.Tokens), tokens: counts.Tokens);
        }

        var (label, select) = MixtureKinds.Entropy[kind];
        var stats = Measured(experimentId, domains, tokenizerId, kind);
        var entropies = new double[domains.Count];
        for (var i = 0; i < domains.Count; i++)
        {
            entropies[i] = select(stats[i]) ?? throw new ConflictException($"domains[{i}].corpus",
                $"the statistics of domain '{domains[i].Name}' have no {label}; POST /api/experiments/{experimentId}/corpus-stats to measure again");
        }
        var tau = temperature ?? DefaultTemperature;
        return Response(kind, $"exp({label}/τ)", tau, tokenizerId, domains, EntropyMixture.FromEntropies(entropies, tau), entropies: entropies);
    }

    /// <summary>
    /// Per-domain token counts (domain order) behind the natural mixture: the declared <c>tokens</c> when every
    /// domain has one, else the tokens measured by the statistics valid for the corpora as they are now
    /// (the experiment's tokenizer).
    /// </summary>
    /// <exception cref="DomainException"><see cref="NotFoundException"/> unknown experiment; <see cref="ConflictException"/> a domain without a corpus or current statistics;
    /// <see cref="UnanswerableException"/> unreadable corpora or no tokens at all.</exception>
    public NaturalTokenCounts NaturalTokens(long experimentId)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        return NaturalTokens(experimentId, experiments.Domains(experimentId), experiment.Tokenizer);
    }

    /// <summary><see cref="NaturalTokens(long)"/>, or why the counts are unavailable instead of an error (for answers where natural is optional).</summary>
    public (NaturalTokenCounts? Counts, string? Unavailable) TryNaturalTokens(long experimentId)
    {
        try
        {
            return (NaturalTokens(experimentId), null);
        }
        catch (DomainException e) when (e is ConflictException or UnanswerableException)
        {
            return (null, e.Message);
        }
    }

    private NaturalTokenCounts NaturalTokens(long experimentId, IReadOnlyList<DomainRow> domains, string tokenizer)
    {
        if (domains.All(d => d.Tokens is not null))
            return new NaturalTokenCounts(NaturalTokenCounts.Declared, null, domains.Select(d => d.Tokens!.Value).ToArray());
        var measured = Measured(experimentId, domains, tokenizer, "natural (some domains have no tokens)").Select(s => (double)s.Tokens).ToArray();
        if (measured.Sum() <= 0) throw new UnanswerableException("domains", "the corpora contain no tokens");
        return new NaturalTokenCounts(NaturalTokenCounts.Measured, tokenizer, measured);
    }

    /// <summary>Current statistics of every domain, in domain order; 409 naming the first domain without them.</summary>
    private IReadOnlyList<CorpusStatsRow> Measured(long experimentId, IReadOnlyList<DomainRow> domains, string tokenizer, string purpose)
    {
        var byDomain = current.For(experimentId, tokenizer).ToDictionary(s => s.Corpus.DomainId);
        return domains.Select(d =>
        {
            if (!byDomain.TryGetValue(d.Id, out var stats))
                throw new ConflictException($"domains[{d.Position}].corpus",
                    $"domain '{d.Name}' has no corpus, so {purpose} cannot be computed; give every domain a corpus and run corpus-stats");
            return stats.Cached ?? throw new ConflictException($"domains[{d.Position}].corpus",
                $"no statistics for domain '{d.Name}' as its corpus is now (tokenizer '{tokenizer}'); " +
                $"POST /api/experiments/{experimentId}/corpus-stats first and wait for it to complete");
        }).ToList();
    }

    private static double[] Shares(double[] values)
    {
        var total = values.Sum();
        return values.Select(v => v / total).ToArray();
    }

    private static MixtureResponse Response(string kind, string basis, double? temperature, string? tokenizer, IReadOnlyList<DomainRow> domains,
        double[] proportions, double[]? entropies = null, double[]? tokens = null) => new(
        kind, basis, temperature, tokenizer,
        domains.Select((d, i) => (d.Name, proportions[i])).ToDictionary(),
        domains.Select((d, i) => new MixtureDomainBasis(d.Name, proportions[i], entropies?[i], tokens?[i])).ToList());
}
