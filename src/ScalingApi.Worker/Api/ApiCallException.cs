using System.Net;
using System.Net.Http.Headers;

namespace ScalingApi.Worker.Api;

/// <summary>A non-success answer of the service: its status and problem body, and how long it asked the caller to wait.</summary>
public sealed class ApiCallException(string message, HttpStatusCode status, TimeSpan? retryAfter)
    : HttpRequestException(message, null, status)
{
    /// <summary>The answer's Retry-After (seconds or a date, taken as the wait from now); null when it had none.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static TimeSpan? WaitOf(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
