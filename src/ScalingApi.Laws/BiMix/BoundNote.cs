using System.Globalization;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Says, in the fit's note, which parameters the optimizer left on an edge of their box and what that
/// means for each one, so a user is not told about C when it is α that hit its limit.
/// </summary>
public static class BoundNote
{
    /// <summary>Parameter order of the fitted θ: (ln B, ln C, ln β[, ln α]).</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["B", "C", "β", "α"];

    /// <param name="atLower">Per parameter (θ order): held on its lower bound.</param>
    /// <param name="atUpper">Per parameter (θ order): held on its upper bound.</param>
    /// <param name="upperValues">The parameters' upper limits in natural units (not logs), for the message.</param>
    /// <returns>Null when no parameter is on a bound.</returns>
    public static string? Describe(IReadOnlyList<bool> atLower, IReadOnlyList<bool> atUpper, IReadOnlyList<double> upperValues)
    {
        var reasons = new List<string>();
        var names = new List<string>();
        for (var a = 0; a < atLower.Count; a++)
        {
            if (!atLower[a] && !atUpper[a]) continue;
            names.Add(ParameterNames[a]);
            reasons.Add(atLower[a] ? AtLower(a) : AtUpper(a, upperValues[a]));
        }
        if (names.Count == 0) return null;
        var subject = names.Count == 1 ? $"{names[0]} at the edge of its range" : $"{string.Join(", ", names)} at the edges of their ranges";
        var others = names.Count == atLower.Count ? "" : "; the other parameters are optimal given that";
        return $"{subject} ({string.Join("; ", reasons)}){others}";
    }

    private static string AtLower(int parameter) => parameter switch
    {
        0 => "B → 0: the data do not resolve a loss that falls with training steps",
        1 => "C → 0: the data do not resolve an irreducible loss",
        2 => "β → 0: the loss barely falls with more training steps",
        _ => "α → 0: the loss barely depends on this domain's proportion, so the fit cannot tell mixtures apart for it",
    };

    private static string AtUpper(int parameter, double limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{ParameterNames[parameter]} at its upper limit {limit:G3}: ") + parameter switch
        {
            0 => "the step-dependent term is larger than the law's range allows",
            1 => "the irreducible loss is larger than the law's range allows",
            2 => "the loss falls with steps faster than the law's range allows (too few or too early checkpoints?)",
            _ => "the loss reacts to this domain's proportion more steeply than the law's range allows",
        };
}
