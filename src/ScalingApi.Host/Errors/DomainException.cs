namespace ScalingApi.Host.Errors;

/// <summary>
/// A request the service understood but will not carry out, said in the domain's terms: which rules were
/// broken (<see cref="FieldError"/>s) and what kind of refusal it is (the subclass). Services and stores throw
/// these and know nothing of HTTP; <see cref="HttpProblem.From(DomainException)"/> is the one place that turns
/// each kind into a status and title.
/// </summary>
public abstract class DomainException(IReadOnlyList<FieldError> errors, int? totalErrors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Rule}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    /// <summary>How many rules were broken when <see cref="Errors"/> holds only the first of them.</summary>
    public int TotalErrors { get; } = totalErrors ?? errors.Count;

    /// <summary>The same refusal with its fields renamed (a nested service's fields, placed where they sit in the outer request).</summary>
    public abstract DomainException WithFields(Func<string, string> rename);

    protected IReadOnlyList<FieldError> Renamed(Func<string, string> rename) => Errors.Select(e => e with { Field = rename(e.Field) }).ToList();
}
