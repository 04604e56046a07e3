using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.MixtureMethods;

namespace ScalingApi.Host.Corpora;

/// <summary>The mixture kinds: training-free (natural, uniform, entropy — with the measured entropy each uses) and trained (doremi, chameleon).</summary>
public static class MixtureKinds
{
    public const string Natural = "natural";
    public const string Uniform = "uniform";

    /// <summary>Entropy kinds by name: the label used in the response's basis and the entropy it reads.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, Func<CorpusStatsRow, double?> Entropy)> Entropy =
        new Dictionary<string, (string, Func<CorpusStatsRow, double?>)>
        {
            ["entropy-se"] = ("SE", s => s.ShannonEntropy),
            ["entropy-je"] = ("JE", s => s.JointEntropy),
            ["entropy-ce"] = ("CE", s => s.ConditionalEntropy),
            ["entropy-vne"] = ("VNE", s => s.VonNeumannEntropy),
        };

    /// <summary>Kinds trained by a mixture-method job (DoReMi, Chameleon): available once the experiment has a completed job.</summary>
    public static IReadOnlyList<string> Trained { get; } = MixtureMethodNames.All;

    public static IReadOnlyList<string> All { get; } = [Natural, Uniform, .. Entropy.Keys, .. Trained];

    public static string AllText => string.Join(", ", All);

    public static string UnknownKind(string? kind) => $"unknown mixture kind '{EchoedValue.Of(kind)}'; valid kinds: {AllText}";

    /// <summary>The rules of a kind with its options, wherever one is named (a saved mixture's <c>from</c>, a query, a sweep's mixture).</summary>
    /// <param name="field">Prefix of the fields ("" for query parameters, "from." inside a body).</param>
    public static void Validate(string? kind, double? temperature, string? tokenizer, string field, List<FieldError> errors)
    {
        if (kind is null || !All.Contains(kind)) errors.Add(new(field + "kind", UnknownKind(kind)));
        if (temperature is { } t && !(double.IsFinite(t) && t > 0)) errors.Add(new(field + "temperature", "must be a finite number > 0"));
        FieldRules.Tokenizer(tokenizer, field + "tokenizer", errors);
    }
}
