namespace ScalingApi.Host.Errors;

/// <summary>
/// Raised where returning a typed result is impractical (parsers, services deep in a request);
/// the global exception handler turns it into the same problem+json a handler would return.
/// </summary>
/// <param name="totalErrors">How many rules were broken when <paramref name="errors"/> holds only the first of them.</param>
public sealed class ApiProblemException(int status, string title, IReadOnlyList<FieldError> errors, int? totalErrors = null)
    : Exception(title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyList<FieldError> Errors { get; } = errors;
    public int TotalErrors { get; } = totalErrors ?? errors.Count;

    public static ApiProblemException Invalid(string field, string rule, int? line = null) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", [new FieldError(field, rule, line)]);

    public static ApiProblemException Invalid(IReadOnlyList<FieldError> errors, int? totalErrors = null) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", errors, totalErrors);

    public static ApiProblemException NotFound(string field, string rule) =>
        new(StatusCodes.Status404NotFound, "Not found.", [new FieldError(field, rule)]);

    public static ApiProblemException Conflict(string field, string rule) =>
        new(StatusCodes.Status409Conflict, "Conflict with stored data.", [new FieldError(field, rule)]);

    public static ApiProblemException Unprocessable(string field, string rule) =>
        new(StatusCodes.Status422UnprocessableEntity, "The request cannot be answered from this data.", [new FieldError(field, rule)]);
}
