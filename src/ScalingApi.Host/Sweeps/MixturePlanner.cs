using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Laws.Mixtures;
using ScalingApi.Storage;

namespace ScalingApi.Host.Sweeps;

/// <summary>One mixture a sweep will train, in the experiment's domain order.</summary>
/// <param name="Saved">A named mixture saved on the experiment (domain → proportion), or null when there is none of that name.</param>
/// <param name="Computed">A training-free mixture kind (e.g. <c>entropy-ce</c>) at a temperature; the field prefix names bad inputs.</param>
public sealed record MixtureSources(
    Func<string, IReadOnlyDictionary<string, double>?> Saved,
    Func<string, double?, string, IReadOnlyDictionary<string, double>> Computed);

/// <param name="Seed">The run's own training seed; null trains with the sweep's.</param>
public sealed record PlannedMixture(string Name, double[] Proportions, int? Seed = null);

/// <summary>
/// Expands a sweep's mixture list (explicit mixtures, saved names, designs) into the concrete
/// mixtures, each checked like the mixture of <c>POST /runs</c>.
/// </summary>
public static class MixturePlanner
{
    public const string Dirichlet = "dirichlet";
    public const string OneUp = "one-up";
    public const string Entropy = "entropy";

    /// <summary>Which corpus entropy the entropy design reads: conditional (the paper's best), Shannon, joint, von Neumann.</summary>
    private static readonly string[] EntropyMeasures = ["ce", "se", "je", "vne"];

    /// <summary>The rules of the mixture list that need nothing stored (for the request validator): each spec one of mixture,
    /// saved or design, a mixture summing to 1, a design's parameters in range.</summary>
    public static void Rules(IReadOnlyList<SweepMixtureSpec> specs, int maxRuns, List<FieldError> errors)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var path = $"mixtures[{i}]";
            if (spec is null) { errors.Add(new(path, "must be an object")); continue; }
            if (spec.Name is not null) FieldRules.Name(spec.Name, $"{path}.name", errors);
            var kinds = (spec.Mixture is not null ? 1 : 0) + (spec.Saved is not null ? 1 : 0) + (spec.Design is not null ? 1 : 0);
            if (kinds != 1) errors.Add(new(path, "give exactly one of mixture, saved or design"));
            else if (spec.Mixture is not null) MixtureValidator.Values(spec.Mixture, $"{path}.mixture", errors);
            else if (spec.Design is not null) DesignRules(spec, path, maxRuns, errors);
        }
    }

    private static void DesignRules(SweepMixtureSpec spec, string path, int maxRuns, List<FieldError> errors)
    {
        switch (spec.Design)
        {
            case Dirichlet:
                if (spec.Count is not { } count || count < 1 || count > maxRuns) errors.Add(new($"{path}.count", $"is required and must be in [1, {maxRuns}]"));
                if (spec.Concentration is not { } c || !double.IsFinite(c) || c <= 0) errors.Add(new($"{path}.concentration", "is required and must be finite and > 0"));
                break;
            case OneUp:
                if (spec.Factor is not { } factor || !double.IsFinite(factor) || factor <= 0) errors.Add(new($"{path}.factor", "is required and must be finite and > 0"));
                break;
            case Entropy:
                if (!EntropyMeasures.Contains(spec.Measure ?? "ce")) errors.Add(new($"{path}.measure", $"must be one of {string.Join(", ", EntropyMeasures)}"));
                var temperatures = spec.Temperatures ?? (spec.Temperature is { } t ? [t] : [1.0]);
                for (var k = 0; k < temperatures.Count; k++)
                    if (!double.IsFinite(temperatures[k]) || temperatures[k] <= 0)
                        errors.Add(new(spec.Temperatures is null ? $"{path}.temperature" : $"{path}.temperatures[{k}]", "must be finite and > 0"));
                break;
            default:
                errors.Add(new($"{path}.design", $"must be one of {Dirichlet}, {OneUp}, {Entropy}"));
                break;
        }
    }

    /// <summary>The concrete mixtures of a list that passed <see cref="Rules"/>: names checked against the experiment's domains,
    /// saved mixtures and designs resolved, and the total within Sweeps:MaxRuns.</summary>
    /// <exception cref="DomainException"><see cref="UnanswerableException"/> when a design needs data the experiment lacks, or a saved mixture is unknown.</exception>
    public static List<PlannedMixture> Plan(IReadOnlyList<SweepMixtureSpec> specs, IReadOnlyList<DomainRow> domains, int defaultSeed,
        int maxRuns, MixtureSources sources, List<FieldError> errors)
    {
        var names = domains.Select(d => d.Name).ToList();
        var planned = new List<PlannedMixture>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var path = $"mixtures[{i}]";
            if (spec.Mixture is not null)
            {
                if (MixtureValidator.InDomainOrder(spec.Mixture, names, $"{path}.mixture", errors) is { } proportions)
                    planned.Add(new(spec.Name ?? $"m{i}", proportions));
            }
            else if (spec.Saved is not null)
            {
                var saved = sources.Saved(spec.Saved)
                            ?? throw new UnanswerableException($"{path}.saved", $"unknown saved mixture '{spec.Saved}' (see GET /api/experiments/{{id}}/mixtures)");
                planned.Add(new(spec.Name ?? spec.Saved, InDomainOrder(saved, domains)));
            }
            else planned.AddRange(Design(spec, path, domains, defaultSeed, sources));
        }
        foreach (var duplicate in planned.GroupBy(p => p.Name).Where(g => g.Count() > 1))
            errors.Add(new("mixtures", $"two mixtures would be named '{duplicate.Key}'; give them distinct names"));
        if (planned.Count > maxRuns) errors.Add(new("mixtures", $"a sweep may create at most {maxRuns} runs (Sweeps:MaxRuns); this one creates {planned.Count}"));
        return planned;
    }

    private static IEnumerable<PlannedMixture> Design(SweepMixtureSpec spec, string path, IReadOnlyList<DomainRow> domains, int defaultSeed, MixtureSources sources)
    {
        var prefix = spec.Name ?? spec.Design!;
        switch (spec.Design)
        {
            case Dirichlet:
                return MixtureDesigns.Dirichlet(NaturalShares(domains, path, Dirichlet), spec.Concentration!.Value, spec.Count!.Value, spec.Seed ?? defaultSeed)
                    .Select((r, k) => new PlannedMixture($"{prefix}-{k}", r));
            case OneUp:
                // Without token counts the natural mixture is unknown; up-weight around the uniform one instead.
                var baseMixture = domains.All(d => d.Tokens is > 0)
                    ? NaturalShares(domains, path, OneUp)
                    : domains.Select(_ => 1.0 / domains.Count).ToArray();
                return MixtureDesigns.OneUp(baseMixture, spec.Factor!.Value).Select((r, k) => new PlannedMixture($"{prefix}-{domains[k].Name}", r));
            default:
                var measure = spec.Measure ?? "ce";
                var temperatures = spec.Temperatures ?? (spec.Temperature is { } t ? [t] : [1.0]);
                // one mixture per temperature: the family from uniform (τ → ∞) to the most entropic domain (τ → 0)
                return temperatures.Select(tau => new PlannedMixture(
                    temperatures.Count == 1 ? prefix : $"{prefix}-t{tau.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    InDomainOrder(sources.Computed($"entropy-{measure}", tau, $"{path}."), domains))).ToList();
        }
    }

    /// <summary>A domain → proportion map as proportions in the experiment's domain order (0 for a domain it lacks).</summary>
    public static double[] InDomainOrder(IReadOnlyDictionary<string, double> mixture, IReadOnlyList<DomainRow> domains) =>
        domains.Select(d => mixture.GetValueOrDefault(d.Name)).ToArray();

    private static double[] NaturalShares(IReadOnlyList<DomainRow> domains, string path, string design)
    {
        var missing = domains.Where(d => d.Tokens is not > 0).Select(d => d.Name).ToList();
        if (missing.Count > 0)
            throw new UnanswerableException($"{path}.design",
                $"the {design} design draws around the natural token shares and needs every domain's tokens; missing for: {string.Join(", ", missing)}");
        return MixtureDesigns.NaturalShares(domains.Select(d => d.Tokens!.Value).ToList());
    }
}
