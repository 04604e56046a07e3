namespace ScalingApi.Host.Errors;

/// <summary>
/// Raised where returning a typed result is impractical (parsers, services deep in a request);
/// the global exception handler turns it into the same problem+json a handler would return.
/// </summary>
public sealed class ApiProblemException(int status, string title, IReadOnlyList<FieldError> errors)
    : Exception(title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public static ApiProblemException Invalid(string field, string rule, int? line = null) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", [new FieldError(field, rule, line)]);

    public static ApiProblemException Invalid(IReadOnlyList<FieldError> errors) =>
        new(StatusCodes.Status400BadRequest, "The request is invalid.", errors);

    public static ApiProblemException NotFound(string field, string rule) =>
        new(StatusCodes.Status404NotFound, "Not found.", [new FieldError(field, rule)]);

    public static ApiProblemException Conflict(string field, string rule) =>
        new(StatusCodes.Status409Conflict, "Conflict with stored data.", [new FieldError(field, rule)]);

    public static ApiProblemException Unprocessable(string field, string rule) =>
        new(StatusCodes.Status422UnprocessableEntity, "The request cannot be answered from this data.", [new FieldError(field, rule)]);
}
