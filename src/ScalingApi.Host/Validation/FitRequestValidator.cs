using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Host.Validation;

public static class FitRequestValidator
{
    public const string BiMix = "bimix";
    public const string LastStep = "last-step";
    public const string Runs = "runs";

    public static List<FieldError> Validate(CreateFitRequest request, int maxBootstrap)
    {
        var errors = new List<FieldError>();
        if (LawCatalog.Find(request.Law) is null) errors.Add(new("law", $"must be one of {string.Join(", ", LawCatalog.Names.Select(n => $"\"{n}\""))}"));
        if (request.AtStep is { } atStep && request.Law != "dml") errors.Add(new("atStep", "only applies to law \"dml\""));
        FieldRules.PositiveFinite(request.AtStep, "atStep", errors);
        if (request.AnnealingDecay is not null && request.Law != BiMixLrLaw.NameOf(AnnealingTerm.Tissue))
            errors.Add(new("annealingDecay", "only applies to law \"bimix-lr\""));
        AnnealingDecayRule(request.AnnealingDecay, errors);
        if (ParseObjective(request.Objective) is null) errors.Add(new("objective", "must be \"huber\" or \"lsq\""));
        if (request.Bootstrap is < 0 || request.Bootstrap > maxBootstrap) errors.Add(new("bootstrap", $"must be between 0 and {maxBootstrap}"));
        if (IntervalMethods.Parse(request.Intervals) is null)
            errors.Add(new("intervals", $"must be \"auto\", \"{IntervalMethods.RunBootstrapName}\" or \"{IntervalMethods.ParametricBootstrapName}\""));
        if (request.Runs is { Count: 0 }) errors.Add(new("runs", "must name at least one run (leave it out to fit every run)"));
        if (request.Holdout is { } holdout)
        {
            if (holdout.Kind == LastStep)
            {
                if (holdout.Runs is { Count: > 0 }) errors.Add(new("holdout.runs", "only allowed with kind \"runs\""));
            }
            else if (holdout.Kind == Runs)
            {
                if (holdout.Runs is null || holdout.Runs.Count == 0) errors.Add(new("holdout.runs", "must name at least one run for kind \"runs\""));
            }
            else errors.Add(new("holdout.kind", "must be \"last-step\" or \"runs\""));
        }
        return errors;
    }

    /// <summary>λ of Tissue et al.'s annealing momentum: a forgetting factor, 0 ≤ λ &lt; 1 (1 would never forget).</summary>
    public static void AnnealingDecayRule(double? decay, List<FieldError> errors)
    {
        if (decay is { } d && !(d >= 0 && d < 1)) errors.Add(new("annealingDecay", "must be a number with 0 ≤ λ < 1"));
    }

    public static FitObjective? ParseObjective(string? objective) => objective switch
    {
        "huber" => FitObjective.Huber,
        "lsq" => FitObjective.LeastSquares,
        _ => null,
    };
}
