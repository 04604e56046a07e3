using System.Text.Json;
using System.Text.RegularExpressions;
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
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, IOptions<JsonOptions> json, ILogger<ProblemExceptionHandler> logger)
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
            ProblemDetails = ApiProblems.Create(problem.Status, problem.Title, problem.Errors, problem.TotalErrors),
            Exception = null, // never let the developer page serialize the exception
        });
    }

    private ApiProblemException Classify(Exception exception, HttpRequest request) => exception switch
    {
        ApiProblemException p => p,
        // the JSON body reader throws a bare InvalidOperationException for a charset it cannot decode
        InvalidOperationException when UnknownCharset(request) is { } charset =>
            new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported request encoding.",
                [new FieldError("Content-Type", $"charset '{EchoedValue.Of(charset)}' is not supported; send UTF-8")]),
        BadHttpRequestException { InnerException: JsonException body } => InvalidJson(body),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType => UnsupportedContentType.Problem(request.HttpContext),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            new ApiProblemException(413, "Request body too large.", [new FieldError("body", "exceeds the configured Limits:MaxRequestBodyBytes")]),
        BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } bind =>
            ApiProblemException.Invalid(bind.Groups["name"].Value, $"'{EchoedValue.Of(bind.Groups["value"].Value)}' is not a valid value of this parameter's type (see /swagger)"),
        BadHttpRequestException bad when bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
                                      || bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) && bad.Message.Contains("request body") =>
            ApiProblemException.Invalid("body", "a JSON request body is required"),
        BadHttpRequestException bad =>
            new ApiProblemException(bad.StatusCode, "The request is invalid.", [new FieldError("body", bad.Message)]),
        JsonException body => InvalidJson(body),
        InsufficientDataException e => ApiProblemException.Unprocessable("observations", e.Message),
        InfeasibleBoundsException e => ApiProblemException.Unprocessable("bounds", e.Message),
        AlphaUnavailableException e => ApiProblemException.Unprocessable($"mixture.{e.Domain}", e.Message + " Predictions that need it are refused."),
        ObservationConflictException e => ApiProblemException.Conflict("loss", e.Message + " Post with ?replace=true to overwrite."),
        ArgumentException e when NumericsInputError.Is(e) => ApiProblemException.Invalid(e.ParamName ?? "body", e.Message),
        SqliteException { SqliteErrorCode: 19 } => ApiProblemException.Conflict("body", "violates a uniqueness or reference rule of the stored data"),
        _ => new ApiProblemException(500, "Internal error.", [new FieldError("server", "unexpected error; see the service log")]),
    };

    private ApiProblemException InvalidJson(JsonException body)
    {
        var field = JsonField(body);
        return ApiProblemException.Invalid([UnknownJsonMember.Describe(body, field, json.Value.SerializerOptions)
                                            ?? new FieldError(field, "must be valid JSON of the documented shape: " + FirstSentence(body.Message))]);
    }

    /// <summary>
    /// JsonException paths look like <c>$.domains[0].tokens</c>; report them without the root marker,
    /// and for a missing member name the member itself rather than the object that lacks it.
    /// </summary>
    private static string JsonField(JsonException json)
    {
        var path = json.Path is null or "$" ? "" : json.Path.StartsWith("$.") ? json.Path[2..] : json.Path.TrimStart('$');
        var missing = MissingMember().Match(json.Message);
        if (missing.Success) path = path.Length == 0 ? missing.Groups[1].Value : $"{path}.{missing.Groups[1].Value}";
        return path.Length == 0 ? "body" : path;
    }

    private static string? UnknownCharset(HttpRequest request)
    {
        var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.Charset.Value : null;
        if (string.IsNullOrEmpty(charset)) return null;
        try { System.Text.Encoding.GetEncoding(charset.Trim('"')); return null; }
        catch (ArgumentException) { return charset; }
    }

    // 'Failed to bind parameter "Nullable<long> after" from "abc".' — the type is an internal name, the parameter is the field
    [GeneratedRegex("^Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>[\\w-]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingMember();

    /// <summary>The serializer's first sentence without .NET type names, which mean nothing to a client and expose internals.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        var sentence = cut > 0 ? message[..cut] : message;
        sentence = ConvertedToType().Replace(sentence, "does not have the documented JSON type");
        return DotNetTypeName().Replace(sentence, "the documented type");
    }

    [GeneratedRegex(@"could not be converted to \S+")]
    private static partial Regex ConvertedToType();

    [GeneratedRegex(@"\b(System|ScalingApi|Microsoft)\.[\w.`\[\],]+")]
    private static partial Regex DotNetTypeName();
}
