using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using Xunit;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>The test acting as a worker (and as a user launching sweeps), over real HTTP.</summary>
public static class SweepClient
{
    public static CreateSweepRequest Explicit(params IReadOnlyDictionary<string, double>[] mixtures) => new(
        mixtures.Select((m, i) => new SweepMixtureSpec(Name: $"mix{i}", Mixture: m)).ToList(),
        new ProxyModelSpec("tiny"), Steps: 100, new CheckpointSpec(Count: 4, Spacing: "linear"), Seed: 7);

    public static async Task<(SweepResponse Sweep, HttpResponseMessage Response)> CreateSweep(this HttpClient client, long experimentId, CreateSweepRequest request)
    {
        var response = await client.PostAsJsonAsync($"/api/experiments/{experimentId}/sweeps", request, ApiClientExtensions.Json);
        return (await response.Read<SweepResponse>(HttpStatusCode.Accepted), response);
    }

    public static async Task<SweepResponse> GetSweep(this HttpClient client, long sweepId) =>
        await (await client.GetAsync($"/api/sweeps/{sweepId}")).Read<SweepResponse>(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> ClaimRaw(this HttpClient client, long sweepId, string workerId, int? taskIndex = null) =>
        client.PostAsJsonAsync($"/api/sweeps/{sweepId}/leases", new LeaseRequest(workerId, taskIndex));

    public static async Task<Lease> Claim(this HttpClient client, long sweepId, string workerId = "w1", int? taskIndex = null) =>
        await (await client.ClaimRaw(sweepId, workerId, taskIndex)).Read<Lease>(HttpStatusCode.OK);

    public static async Task AssertNothingToClaim(this HttpClient client, long sweepId, string workerId = "w1", int? taskIndex = null)
    {
        var response = await client.ClaimRaw(sweepId, workerId, taskIndex);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static Task<HttpResponseMessage> HeartbeatRaw(this HttpClient client, Guid leaseId, Heartbeat beat) =>
        client.PostAsJsonAsync($"/api/leases/{leaseId}/heartbeat", beat);

    public static async Task<HeartbeatAnswer> Heartbeat(this HttpClient client, Guid leaseId, int step = 1, double tokensPerSecond = 1000,
        double deviceSeconds = 1, long tokens = 1024) =>
        await (await client.HeartbeatRaw(leaseId, new Heartbeat(step, tokensPerSecond, 3.5, deviceSeconds, tokens))).Read<HeartbeatAnswer>(HttpStatusCode.OK);

    public static async Task Complete(this HttpClient client, Guid leaseId, double deviceSeconds = 2, long tokens = 2048)
    {
        var response = await client.PostAsJsonAsync($"/api/leases/{leaseId}/complete", new LeaseCompletion(deviceSeconds, tokens));
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public static async Task Fail(this HttpClient client, Guid leaseId, string error = "boom", bool retryable = true)
    {
        var response = await client.PostAsJsonAsync($"/api/leases/{leaseId}/fail", new LeaseFailure(error, retryable));
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, double> Mix(params (string Domain, double P)[] parts) => parts.ToDictionary(p => p.Domain, p => p.P);
}
