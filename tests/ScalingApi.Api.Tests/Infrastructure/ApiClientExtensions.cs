using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Infrastructure;

public static class ApiClientExtensions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ExperimentResponse> CreateExperiment(this HttpClient client, string[] domains, double? tokensPerStep = null,
        double[]? tokens = null, string? name = null)
    {
        var request = new CreateExperimentRequest(name ?? "exp-" + Guid.NewGuid().ToString("N")[..8],
            domains.Select((d, i) => new DomainSpec(d, tokens?[i])).ToList(), tokensPerStep);
        var response = await client.PostAsJsonAsync("/api/experiments", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExperimentResponse>(Json))!;
    }

    public static async Task<RunResponse> CreateRun(this HttpClient client, long experimentId, string name, IReadOnlyDictionary<string, double> mixture)
    {
        var response = await client.PostAsJsonAsync($"/api/experiments/{experimentId}/runs", new CreateRunRequest(name, mixture));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RunResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
