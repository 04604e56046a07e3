using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;

namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>The test as a user of the API, and as an operator at the cluster's command line.</summary>
public static class SlurmCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An experiment over the service's synthetic corpus (byte tokens).</summary>
    public static async Task<long> CreateExperiment(this HttpClient client, SlurmServiceFactory service)
    {
        var request = new CreateExperimentRequest("exp-" + Guid.NewGuid().ToString("N")[..8],
            service.Domains.Select(d => new DomainSpec(d, Corpus: $"synth/{d}")).ToList(), Tokenizer: "bytes");
        var response = await client.PostAsJsonAsync("/api/experiments", request, Json);
        return (await response.Read<ExperimentResponse>(HttpStatusCode.Created)).Id;
    }

    /// <summary>A mixture over the service's domains, shares in domain order.</summary>
    public static Dictionary<string, double> Mixture(this SlurmServiceFactory service, params double[] shares) =>
        service.Domains.Select((d, i) => (d, shares[i])).ToDictionary(p => p.d, p => p.Item2);

    public static async Task<SweepResponse> CreateSweep(this HttpClient client, long experimentId, CreateSweepRequest request)
    {
        var response = await client.PostAsJsonAsync($"/api/experiments/{experimentId}/sweeps", request, Json);
        return await response.Read<SweepResponse>(HttpStatusCode.Accepted);
    }

    public static async Task<SweepResponse> GetSweep(this HttpClient client, long sweepId) =>
        await (await client.GetAsync($"/api/sweeps/{sweepId}")).Read<SweepResponse>(HttpStatusCode.OK);

    /// <summary>Polls the sweep until <paramref name="done"/> holds; the assertion message shows the last status.</summary>
    public static async Task<SweepResponse> WaitForSweep(this HttpClient client, long sweepId, Func<SweepResponse, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        SweepResponse sweep;
        while (!done(sweep = await client.GetSweep(sweepId)))
        {
            if (clock.Elapsed > timeout)
                Assert.Fail($"sweep {sweepId} did not reach the expected state within {timeout}: {JsonSerializer.Serialize(sweep, Json)}");
            await Task.Delay(500);
        }
        return sweep;
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    /// <summary>Runs a Slurm client command (as an operator would) and returns its standard output.</summary>
    public static string RunSlurmCommand(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    public static CreateSweepRequest TinySweep(int steps, params Dictionary<string, double>[] mixtures) => new(
        mixtures.Select((m, i) => new SweepMixtureSpec(Name: $"m{i}", Mixture: m)).ToList(),
        new ProxyModelSpec("tiny"), steps, new CheckpointSpec(Count: 4, Spacing: "linear"), Seed: 3);
}
