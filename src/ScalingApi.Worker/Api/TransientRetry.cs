using System.Net;

namespace ScalingApi.Worker.Api;

/// <summary>
/// Retries an HTTP call on failures that may pass (connection refused/reset, timeouts, 408, 429, 5xx)
/// with exponential back-off; anything else (a 4xx saying the request is wrong) is thrown at once.
/// Only used for calls that are safe to repeat.
/// </summary>
public sealed class TransientRetry(int attempts, TimeSpan firstDelay, TimeSpan maxDelay)
{
    public static TransientRetry Default { get; } = new(8, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(15));

    public int Attempts { get; } = attempts;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception e) when (attempt < Attempts && IsTransient(e, cancellationToken))
            {
                Console.Error.WriteLine($"worker: transient API failure (attempt {attempt}/{Attempts}), retrying in {delay.TotalSeconds:F1}s: {e.Message}");
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(maxDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

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
