namespace ScalingApi.Host.Errors;

/// <summary>The request contradicts what is stored (a taken name, a different loss for a stored point, a finished run).</summary>
public sealed class ConflictException(IReadOnlyList<FieldError> errors) : DomainException(errors, null)
{
    public ConflictException(string field, string rule) : this([new FieldError(field, rule)]) { }

    public override DomainException WithFields(Func<string, string> rename) => new ConflictException(Renamed(rename));
}
