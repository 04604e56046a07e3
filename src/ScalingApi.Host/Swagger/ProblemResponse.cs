using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Swagger;

/// <summary>
/// The body of every 4xx (application/problem+json, RFC 9457), as documented in Swagger. The service writes
/// it through <see cref="ApiProblems"/>; this record only describes it.
/// </summary>
/// <param name="Type">A URI naming the status.</param>
/// <param name="Title">What went wrong, in general terms.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">The errors as one readable sentence.</param>
/// <param name="Errors">Each broken rule: the field (JSON path, CSV column or header) and the rule; for CSV bodies also the line.</param>
/// <param name="MoreErrors">How many further errors were left out (at most 20 are listed).</param>
/// <param name="TraceId">The request's trace identifier, as logged.</param>
public sealed record ProblemResponse(
    string Type, string Title, int Status, string Detail, IReadOnlyList<FieldError> Errors, int? MoreErrors, string TraceId);
