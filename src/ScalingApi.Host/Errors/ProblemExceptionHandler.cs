using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Data.Sqlite;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;
using ScalingApi.Storage;

namespace ScalingApi.Host.Errors;

/// <summary>
/// Turns every exception that escapes a handler into problem+json. Known input problems become
/// 4xx naming the field; anything else is a 500 whose body carries no exception text or stack
/// (the log has them).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, IOptions<JsonOptions> json, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var fault = StorageFaults.Classify(exception);
        var problem = fault?.Problem ?? Classify(exception, context.Request);
        if (fault?.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (fault is not null) logger.LogWarning("Storage fault for {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, exception.Message);
        else if (problem.Status >= 500) logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        else logger.LogInformation("Rejected {Method} {Path}: {Detail}", context.Request.Method, context.Request.Path, exception.Message);

        context.Response.StatusCode = problem.Status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblems.Create(problem),
            Exception = null, // never let the developer page serialize the exception
        });
    }

    private HttpProblem Classify(Exception exception, HttpRequest request) => exception switch
    {
        DomainException refusal => HttpProblem.From(refusal),
        // the JSON body reader throws a bare InvalidOperationException for a charset it cannot decode
        InvalidOperationException when UnknownCharset(request) is { } charset =>
            new HttpProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported request encoding.",
                [new FieldError("Content-Type", $"charset '{EchoedValue.Of(charset)}' is not supported; send UTF-8")]),
        BadHttpRequestException { InnerException: JsonException body } => InvalidJson(body),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => UnsupportedContentType.Problem(request.HttpContext),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new HttpProblem(StatusCodes.Status413PayloadTooLarge, "Request body too large.", [new FieldError("body", "exceeds the configured Limits:MaxRequestBodyBytes")]),
        BadHttpRequestException bad when FrameworkMessages.BindFailure(bad) is var (name, value) =>
            Invalid(name, $"'{EchoedValue.Of(value)}' is not a valid value of this parameter's type (see /swagger)"),
        BadHttpRequestException bad when FrameworkMessages.IsMissingBody(bad) => Invalid("body", "a JSON request body is required"),
        BadHttpRequestException bad => new HttpProblem(bad.StatusCode, HttpProblem.InvalidTitle, [new FieldError("body", bad.Message)]),
        JsonException body => InvalidJson(body),
        // the numerics' own exceptions: refusals in the domain's terms, mapped like the host's
        InsufficientDataException e => HttpProblem.From(new UnanswerableException("observations", e.Message)),
        InfeasibleBoundsException e => HttpProblem.From(new UnanswerableException("bounds", e.Message)),
        AlphaUnavailableException e => HttpProblem.From(new UnanswerableException($"mixture.{e.Domain}", e.Message + " Predictions that need it are refused.")),
        ObservationConflictException e => HttpProblem.From(new ConflictException("loss", e.Message + " Post with ?replace=true to overwrite.")),
        ArgumentException e when NumericsInputError.Is(e) => Invalid(e.ParamName ?? "body", e.Message),
        SqliteException { SqliteErrorCode: 19 } => HttpProblem.From(new ConflictException("body", "violates a uniqueness or reference rule of the stored data")),
        _ => HttpProblem.Internal,
    };

    private static HttpProblem Invalid(string field, string rule) => HttpProblem.From(new InvalidInputException(field, rule));

    private HttpProblem InvalidJson(JsonException body)
    {
        var field = JsonField(body);
        return HttpProblem.From(new InvalidInputException([UnknownJsonMember.Describe(body, field, json.Value.SerializerOptions)
                                                           ?? new FieldError(field, "must be valid JSON of the documented shape: " + FrameworkMessages.Readable(body))]));
    }

    /// <summary>
    /// JsonException paths look like <c>$.domains[0].tokens</c>; report them without the root marker,
    /// and for a missing member name the member itself rather than the object that lacks it.
    /// </summary>
    private static string JsonField(JsonException json)
    {
        var path = json.Path is null or "$" ? "" : json.Path.StartsWith("$.") ? json.Path[2..] : json.Path.TrimStart('$');
        if (FrameworkMessages.MissingJsonMember(json) is { } missing) path = path.Length == 0 ? missing : $"{path}.{missing}";
        return path.Length == 0 ? "body" : path;
    }

    private static string? UnknownCharset(HttpRequest request)
    {
        var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.Charset.Value : null;
        if (string.IsNullOrEmpty(charset)) return null;
        try { System.Text.Encoding.GetEncoding(charset.Trim('"')); return null; }
        catch (ArgumentException) { return charset; }
    }
}
