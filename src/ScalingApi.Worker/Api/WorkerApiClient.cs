using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.Worker.Api;

/// <summary>
/// The service's worker-facing endpoints over one HttpClient (base address = API URL, X-Api-Key set).
/// Each method makes one attempt; callers decide what may be retried (see <see cref="TransientRetry"/>).
/// Non-success answers throw <see cref="ApiCallException"/> carrying the status, the problem body and any Retry-After.
/// </summary>
public sealed class WorkerApiClient(HttpClient http)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpClient CreateHttpClient(Uri apiUrl, string? apiKey, TimeSpan timeout)
    {
        // a trailing slash makes relative paths append to, not replace, a base path such as /scalingapi/
        var baseAddress = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        return http;
    }

    /// <summary>A lease on a run of the sweep, or null when the service has nothing (left) to train (204).</summary>
    public async Task<Lease?> ClaimAsync(string sweepId, LeaseRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/sweeps/{Uri.EscapeDataString(sweepId)}/leases", request, Json, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent) return null;
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<Lease>(Json, cancellationToken)
               ?? throw new InvalidDataException("the service answered a lease request with an empty body");
    }

    public async Task<HeartbeatAnswer> HeartbeatAsync(Guid leaseId, Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/leases/{leaseId}/heartbeat", heartbeat, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<HeartbeatAnswer>(Json, cancellationToken)
               ?? throw new InvalidDataException("the service answered a heartbeat with an empty body");
    }

    public Task CompleteAsync(Guid leaseId, LeaseCompletion completion, CancellationToken cancellationToken) =>
        PostAsync($"api/leases/{leaseId}/complete", completion, cancellationToken);

    public Task FailAsync(Guid leaseId, LeaseFailure failure, CancellationToken cancellationToken) =>
        PostAsync($"api/leases/{leaseId}/fail", failure, cancellationToken);

    /// <summary>A DoReMi proxy's weights after a step; re-posting a step replaces it.</summary>
    public Task PostDomainWeightsAsync(Guid leaseId, DomainWeightsPoint point, CancellationToken cancellationToken) =>
        PostAsync($"api/leases/{leaseId}/domain-weights", point, cancellationToken);

    public Task PostEmbeddingsAsync(Guid leaseId, DomainEmbeddings embeddings, CancellationToken cancellationToken) =>
        PostAsync($"api/leases/{leaseId}/embeddings", embeddings, cancellationToken);

    /// <summary>Idempotent on the service side: posting the same rows again changes nothing.</summary>
    public Task PostObservationsAsync(long experimentId, IReadOnlyList<ObservationRow> rows, CancellationToken cancellationToken) =>
        PostAsync($"api/experiments/{experimentId}/observations", rows, cancellationToken);

    private async Task PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length > 2000) body = body[..2000] + "…";
        throw new ApiCallException(
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.StatusCode}: {body}",
            response.StatusCode, ApiCallException.WaitOf(response.Headers.RetryAfter, DateTimeOffset.UtcNow));
    }
}
