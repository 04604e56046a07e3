using ScalingApi.Worker.Api;

namespace ScalingApi.Worker.Tests;

/// <summary>The worker's retry of safe-to-repeat calls against a real HTTP service answering 503 first.</summary>
public sealed class TransientRetryTests : IAsyncLifetime
{
    private FakeLeaseService _service = null!;
    private HttpClient _http = null!;
    private static readonly ObservationRow[] Rows = [new("run-1", 10, "a", 2.5)];

    public async Task InitializeAsync()
    {
        _service = await FakeLeaseService.StartAsync();
        _http = WorkerApiClient.CreateHttpClient(_service.Url, FakeLeaseService.Key, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _service.DisposeAsync();
    }

    private async Task<TimeSpan> PostOnceFailed(TransientRetry retry)
    {
        _service.FailObservationPosts = 1;
        var api = new WorkerApiClient(_http);
        // a retry that ignored a cap would wait an hour: give up long before, failing the test instead of hanging it
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await retry.RunAsync(async ct => { await api.PostObservationsAsync(1, Rows, ct); return true; }, patience.Token);
        var times = _service.ObservationPostTimes.ToArray();
        Assert.Equal(2, times.Length);
        Assert.Equal(2.5, _service.Observations[("run-1", 10, "a")]);
        return System.Diagnostics.Stopwatch.GetElapsedTime(times[0], times[1]);
    }

    [Fact]
    public async Task A_503_with_Retry_After_is_retried_after_the_wait_the_service_asked_for()
    {
        _service.FailedPostRetryAfterSeconds = 2; // the back-off alone would wait about 10 ms
        var waited = await PostOnceFailed(new TransientRetry(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5)));
        Assert.True(waited >= TimeSpan.FromMilliseconds(1990), $"retried after {waited.TotalMilliseconds:F0} ms, Retry-After was 2 s");
    }

    [Fact]
    public async Task Retry_After_is_capped_at_the_largest_back_off()
    {
        _service.FailedPostRetryAfterSeconds = 3600;
        var waited = await PostOnceFailed(new TransientRetry(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200)));
        Assert.True(waited < TimeSpan.FromMinutes(1), $"retried after {waited.TotalMilliseconds:F0} ms"); // generous: the machine may be loaded
    }

    [Fact]
    public async Task A_request_error_is_not_retried_and_attempts_are_limited()
    {
        var api = new WorkerApiClient(_http);
        _service.CompleteStatus = 409;
        var calls = 0;
        await Assert.ThrowsAsync<ApiCallException>(() => new TransientRetry(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5))
            .RunAsync(async ct => { calls++; await api.CompleteAsync(Guid.NewGuid(), new(1, 1), ct); return true; }, CancellationToken.None));
        Assert.Equal(1, calls);

        _service.FailObservationPosts = 10;
        calls = 0;
        var error = await Assert.ThrowsAsync<ApiCallException>(() => new TransientRetry(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5))
            .RunAsync(async ct => { calls++; await api.PostObservationsAsync(1, Rows, ct); return true; }, CancellationToken.None));
        Assert.Equal(3, calls);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }
}
