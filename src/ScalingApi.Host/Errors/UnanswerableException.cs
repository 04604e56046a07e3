namespace ScalingApi.Host.Errors;

/// <summary>A valid request the stored data cannot answer (α not identified, infeasible bounds, a domain without a corpus).</summary>
public sealed class UnanswerableException(IReadOnlyList<FieldError> errors) : DomainException(errors, null)
{
    public UnanswerableException(string field, string rule) : this([new FieldError(field, rule)]) { }

    public override DomainException WithFields(Func<string, string> rename) => new UnanswerableException(Renamed(rename));
}
