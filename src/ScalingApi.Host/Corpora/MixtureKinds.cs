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
}
