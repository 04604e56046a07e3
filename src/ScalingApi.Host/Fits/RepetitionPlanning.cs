using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Host.Fits;

/// <summary>How <c>dataLimits.repetition</c> shapes an optimal-mixture request (docs/laws.md, data repetition).</summary>
public static class RepetitionPlanning
{
    public const string Cap = "cap";
    public const string Diminishing = "diminishing";

    /// <summary>Checks the mode; true when maxEpochs acts as a hard cap (always for <c>cap</c>; for <c>diminishing</c> only when given).</summary>
    public static bool Validate(DataLimits limits, List<FieldError> errors)
    {
        switch (limits.Repetition ?? Cap)
        {
            case Cap: return true;
            case Diminishing: return IsHardCap(limits);
            default:
                errors.Add(new("dataLimits.repetition", $"must be \"{Cap}\" or \"{Diminishing}\""));
                return false;
        }
    }

    /// <summary>True when maxEpochs caps each domain's proportion: always for <c>cap</c>; for <c>diminishing</c> only when given.</summary>
    public static bool IsHardCap(DataLimits limits) => (limits.Repetition ?? Cap) != Diminishing || limits.MaxEpochs != 0;

    /// <summary>The effective-data model for <c>diminishing</c>; null for <c>cap</c> or without data limits.</summary>
    public static DiminishingRepetition? Model(DataLimits? limits, NaturalTokenCounts? tokens) =>
        limits is { Repetition: Diminishing } && tokens is not null ? new DiminishingRepetition(tokens.Tokens, limits.TotalTokens) : null;
}
