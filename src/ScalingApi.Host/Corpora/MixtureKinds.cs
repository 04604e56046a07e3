using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>The training-free mixture kinds and, for the entropy kinds, which measured entropy each uses.</summary>
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

    public static IReadOnlyList<string> All { get; } = [Natural, Uniform, .. Entropy.Keys];

    public static string AllText => string.Join(", ", All);
}
