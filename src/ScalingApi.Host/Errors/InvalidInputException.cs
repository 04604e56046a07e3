namespace ScalingApi.Host.Errors;

/// <summary>The request breaks rules of its own shape or of the data it names.</summary>
public sealed class InvalidInputException(IReadOnlyList<FieldError> errors, int? totalErrors = null) : DomainException(errors, totalErrors)
{
    public InvalidInputException(string field, string rule, int? line = null) : this([new FieldError(field, rule, line)]) { }

    public override DomainException WithFields(Func<string, string> rename) => new InvalidInputException(Renamed(rename), TotalErrors);
}
