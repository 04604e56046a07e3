using ScalingApi.Laws.Chinchilla;
using ScalingApi.Laws.DataMixing;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Catalog;

/// <summary>Every law the service can fit, by request name, with the type its fitted model is stored as.</summary>
public static class LawCatalog
{
    private static readonly (IScalingLaw Law, Type FittedType)[] Entries =
    [
        (new BiMixLaw(), typeof(FittedBiMix)),
        (new ChinchillaLaw(), typeof(FittedChinchilla)),
        (new DataMixingLaw(), typeof(FittedDataMixing)),
        (new BiMixLrLaw(), typeof(FittedBiMixLr)),
        (new BiMixLrLaw(AnnealingTerm.ConvexBound), typeof(FittedBiMixLr)),
    ];

    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Law.Name).ToList();

    public static IScalingLaw? Find(string? name) => Entries.FirstOrDefault(e => e.Law.Name == name).Law;

    /// <summary>The concrete <see cref="IFittedLaw"/> type a law's stored model deserializes to.</summary>
    public static Type FittedType(string name) =>
        Entries.FirstOrDefault(e => e.Law.Name == name).FittedType ?? throw new ArgumentException($"Unknown law '{name}'.", nameof(name));
}
