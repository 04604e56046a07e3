using System.Net;
using Polly;
using Polly.Retry;

namespace ScalingApi.Worker.Api;

/// <summary>
/// Retries an HTTP call on failures that may pass (connection refused/reset, timeouts, 408, 429, 5xx) with Polly's
/// exponential back-off with jitter, so a fleet of array tasks that failed together does not retry together. When the
/// service says how long to wait (Retry-After, sent with 503 on storage contention) that wait is used instead, capped
/// at the largest back-off. Anything else (a 4xx saying the request is wrong) is thrown at once. Only used for calls
/// that are safe to repeat.
/// </summary>
public sealed class TransientRetry
{
    private readonly ResiliencePipeline _pipeline;

    public TransientRetry(int attempts, TimeSpan firstDelay, TimeSpan maxDelay)
    {
        Attempts = attempts;
        _pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = attempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay,
            MaxDelay = maxDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ApiCallException { RetryAfter: { } wait }
                ? (TimeSpan?)(wait < maxDelay ? wait : maxDelay)
                : null),
            OnRetry = args =>
            {
                Console.Error.WriteLine($"worker: transient API failure (attempt {args.AttemptNumber + 1}/{attempts}), retrying in " +
                                        $"{args.RetryDelay.TotalSeconds:F1}s: {args.Outcome.Exception?.Message}");
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    public static TransientRetry Default { get; } = new(8, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(15));

    public int Attempts { get; }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);

    public static bool IsTransient(Exception e, CancellationToken callerToken) => e switch
    {
        // HttpClient.Timeout surfaces as a cancellation the caller did not ask for
        OperationCanceledException => !callerToken.IsCancellationRequested,
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } status } => IsTransient(status),
        IOException => true,
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
