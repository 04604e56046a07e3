namespace ScalingApi.Host.Errors;

/// <summary>
/// A refusal as the edge writes it: status, title and the broken rules. Built only at the edge (the exception
/// handler, handlers returning typed results, middleware); <see cref="From(DomainException)"/> is the one
/// mapping from the domain's kinds of refusal to HTTP.
/// </summary>
/// <param name="TotalErrors">How many rules were broken when <paramref name="Errors"/> holds only the first of them.</param>
public sealed record HttpProblem(int Status, string Title, IReadOnlyList<FieldError> Errors, int? TotalErrors = null)
{
    public const string InvalidTitle = "The request is invalid.";

    public static HttpProblem From(DomainException exception) => exception switch
    {
        InvalidInputException => new(StatusCodes.Status400BadRequest, InvalidTitle, exception.Errors, exception.TotalErrors),
        NotFoundException => new(StatusCodes.Status404NotFound, "Not found.", exception.Errors),
        ConflictException => new(StatusCodes.Status409Conflict, "Conflict with stored data.", exception.Errors),
        LeaseEndedException => new(StatusCodes.Status410Gone, "The lease is no longer valid.", exception.Errors),
        UnanswerableException => new(StatusCodes.Status422UnprocessableEntity, "The request cannot be answered from this data.", exception.Errors),
        // a new kind of refusal must be given its status here; until then it is the service's bug, not the client's
        _ => Internal,
    };

    public static HttpProblem Internal { get; } =
        new(StatusCodes.Status500InternalServerError, "Internal error.", [new FieldError("server", "unexpected error; see the service log")]);
}
