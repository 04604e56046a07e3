namespace ScalingApi.Contracts;

/// <summary>
/// A training-free mixture of <c>GET /api/experiments/{id}/mixtures/{kind}</c>: the proportions and the numbers
/// they came from (per-domain entropies in nats or token counts, and the temperature of the softmax).
/// </summary>
/// <param name="Kind"><c>natural</c>, <c>uniform</c>, <c>entropy-se</c>, <c>entropy-je</c>, <c>entropy-ce</c> or <c>entropy-vne</c>.</param>
/// <param name="Basis">What the proportions are proportional to, e.g. <c>domain tokens</c>, <c>measured tokens</c>, <c>exp(CE/τ)</c>.</param>
/// <param name="Temperature">τ of r_i = exp(H_i/τ)/Σ_j exp(H_j/τ); null for natural and uniform.</param>
/// <param name="Tokenizer">Tokenizer of the statistics used; null when none were needed.</param>
/// <param name="Provenance">For the trained kinds (<c>doremi</c>, <c>chameleon</c>): the job, reference mixture or checkpoint, and parameters.</param>
public sealed record MixtureResponse(
    string Kind,
    string Basis,
    double? Temperature,
    string? Tokenizer,
    IReadOnlyDictionary<string, double> Mixture,
    IReadOnlyList<MixtureDomainBasis> Domains,
    MixtureProvenance? Provenance = null);

/// <param name="Entropy">The domain's entropy of the kind (nats), for entropy kinds.</param>
/// <param name="Tokens">The domain's token count (given on the domain, or measured), for natural.</param>
public sealed record MixtureDomainBasis(string Domain, double Proportion, double? Entropy = null, double? Tokens = null);

/// <summary>Body of <c>POST /api/experiments/{id}/mixtures</c>: give exactly one of <c>mixture</c> and <c>from</c>.</summary>
/// <param name="Name">Unique within the experiment; sweeps and optimizers accept the mixture by this name.</param>
/// <param name="Mixture">Domain → proportion; every domain present, finite, ≥ 0, summing to 1 within 1e-4.</param>
/// <param name="From">Save the current value of a computed kind instead.</param>
public sealed record SaveMixtureRequest(string Name, IReadOnlyDictionary<string, double>? Mixture = null, MixtureSource? From = null);

/// <param name="Temperature">Default 1, must be &gt; 0 (entropy kinds only).</param>
/// <param name="Tokenizer">Defaults to the experiment's tokenizer.</param>
public sealed record MixtureSource(string Kind, double? Temperature = null, string? Tokenizer = null);

/// <summary>A saved mixture. <c>kind</c> is <c>custom</c> for a posted mixture, else the kind it was computed from.</summary>
public sealed record NamedMixtureResponse(
    string Name,
    string Kind,
    double? Temperature,
    string? Tokenizer,
    IReadOnlyDictionary<string, double> Mixture,
    DateTimeOffset CreatedAt);

/// <summary>Whether a kind can be computed now, and if not why (e.g. statistics missing).</summary>
public sealed record MixtureKindStatus(string Kind, bool Available, string? Reason, string Href);

/// <summary><c>GET /api/experiments/{id}/mixtures</c>: the saved mixtures and the computable kinds.</summary>
public sealed record MixtureListResponse(IReadOnlyList<NamedMixtureResponse> Saved, IReadOnlyList<MixtureKindStatus> Kinds);
