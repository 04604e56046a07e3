using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

public sealed class SweepEventsTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private sealed record SseEvent(long Id, string Type, JsonElement Data);

    [Fact]
    public async Task The_stream_records_state_changes_and_throttled_progress_and_ends_when_the_sweep_is_final()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 1))));
        var lease = await _client.Claim(sweep.Id);
        await _client.Heartbeat(lease.LeaseId, step: 10);
        await _client.Heartbeat(lease.LeaseId, step: 20); // within ProgressEventSeconds: no second progress event
        factory.Clock.Advance(TimeSpan.FromSeconds(6));
        await _client.Heartbeat(lease.LeaseId, step: 30);
        await _client.Complete(lease.LeaseId);

        var response = await _client.GetAsync($"/api/sweeps/{sweep.Id}/events");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(["sweep-created", "run-leased", "run-progress", "run-progress", "run-completed", "sweep-finished"], events.Select(e => e.Type));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.Equal([10, 30], events.Where(e => e.Type == "run-progress").Select(e => e.Data.GetProperty("step").GetInt32()));
        Assert.Equal(lease.RunId, events[1].Data.GetProperty("runId").GetInt64());
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_stream_resumes_after_Last_Event_ID_or_the_after_parameter()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 1))));
        var lease = await _client.Claim(sweep.Id);
        await _client.Complete(lease.LeaseId);
        var all = Parse(await _client.GetStringAsync($"/api/sweeps/{sweep.Id}/events"));
        Assert.Equal(4, all.Count);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sweeps/{sweep.Id}/events");
        request.Headers.Add("Last-Event-ID", all[1].Id.ToString());
        var resumed = Parse(await (await _client.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal(all.Skip(2).Select(e => (e.Id, e.Type)), resumed.Select(e => (e.Id, e.Type)));

        var after = Parse(await _client.GetStringAsync($"/api/sweeps/{sweep.Id}/events?after={all[2].Id}"));
        Assert.Equal([all[3].Id], after.Select(e => e.Id));

        var bad = new HttpRequestMessage(HttpMethod.Get, $"/api/sweeps/{sweep.Id}/events");
        bad.Headers.Add("Last-Event-ID", "yesterday");
        await ProblemAssert.Is(await _client.SendAsync(bad), HttpStatusCode.BadRequest, "Last-Event-ID");
    }

    [Fact]
    public async Task A_live_stream_delivers_events_as_they_happen_and_closes_on_cancel()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 1))));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sweeps/{sweep.Id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        Assert.Equal("sweep-created", (await NextEvent(reader, timeout.Token)).Type);
        var lease = await _client.Claim(sweep.Id);
        Assert.Equal("run-leased", (await NextEvent(reader, timeout.Token)).Type);
        await _client.PostAsync($"/api/sweeps/{sweep.Id}/cancel", null);
        Assert.Equal("sweep-cancelled", (await NextEvent(reader, timeout.Token)).Type);
        Assert.Equal("sweep-finished", (await NextEvent(reader, timeout.Token)).Type);
        Assert.Null(await reader.ReadLineAsync(timeout.Token)); // the server ended the stream
        Assert.False((await _client.Heartbeat(lease.LeaseId)).Continue);
    }

    private static async Task<SseEvent> NextEvent(StreamReader reader, CancellationToken ct)
    {
        var block = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0 && block.Count > 0) return Parse(string.Join('\n', block) + "\n\n").Single();
            if (line.Length > 0) block.Add(line);
        }
        throw new EndOfStreamException("stream ended before the next event");
    }

    private static List<SseEvent> Parse(string stream) => stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(block => block.Split('\n').Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..].TrimStart()))
        .Where(fields => fields.ContainsKey("data"))
        .Select(fields => new SseEvent(long.Parse(fields["id"]), fields["event"], JsonDocument.Parse(fields["data"]).RootElement))
        .ToList();
}
