using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Corpora;

public sealed class MixturesTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private async Task<(ExperimentResponse Experiment, CorpusStatsJobResponse Stats)> Measured(double[]? tokens = null)
    {
        var (folder, domains) = factory.Synthetic(documents: 60, length: 400, seed: 21);
        var experiment = await _client.CreateCorpusExperiment(folder, domains, tokens: tokens);
        return (experiment, await _client.MeasureToCompletion(experiment.Id));
    }

    private async Task<MixtureResponse> Get(long id, string kindAndQuery) =>
        await (await _client.GetAsync($"/api/experiments/{id}/mixtures/{kindAndQuery}")).Read<MixtureResponse>(HttpStatusCode.OK);

    [Theory]
    [InlineData("entropy-se")]
    [InlineData("entropy-je")]
    [InlineData("entropy-ce")]
    [InlineData("entropy-vne")]
    public async Task Entropy_mixture_is_the_softmax_of_the_measured_entropies(string kind)
    {
        var (experiment, stats) = await Measured();
        foreach (var temperature in new[] { 1.0, 0.5 })
        {
            var mixture = await Get(experiment.Id, $"{kind}?temperature={temperature}");
            Assert.Equal(kind, mixture.Kind);
            Assert.Equal(temperature, mixture.Temperature);
            Assert.Equal("bytes", mixture.Tokenizer);
            Assert.Equal(1.0, mixture.Mixture.Values.Sum(), 1e-12);

            var entropies = stats.Domains.Select(d => kind switch
            {
                "entropy-se" => d.Results!.ShannonEntropy,
                "entropy-je" => d.Results!.JointEntropy,
                "entropy-ce" => d.Results!.ConditionalEntropy,
                _ => d.Results!.VonNeumannEntropy!.Value,
            }).ToArray();
            Assert.Equal(entropies, mixture.Domains.Select(d => d.Entropy!.Value));
            // docs/science.md §2 check: (H_i − mean H)/τ = ln r_i − mean ln r
            var logs = mixture.Domains.Select(d => Math.Log(d.Proportion)).ToArray();
            for (var i = 0; i < entropies.Length; i++)
                Assert.Equal((entropies[i] - entropies.Average()) / temperature, logs[i] - logs.Average(), 1e-12);
            // the response's map and per-domain list agree, in domain order
            Assert.Equal(experiment.Domains.Select(d => d.Name), mixture.Mixture.Keys);
            Assert.Equal(mixture.Mixture.Values, mixture.Domains.Select(d => d.Proportion));
        }
    }

    [Fact]
    public async Task Default_temperature_is_one()
    {
        var (experiment, _) = await Measured();
        var implicitTau = await Get(experiment.Id, "entropy-ce");
        var explicitTau = await Get(experiment.Id, "entropy-ce?temperature=1");
        Assert.Equal(1.0, implicitTau.Temperature);
        Assert.Equal(explicitTau.Mixture, implicitTau.Mixture);
    }

    [Fact]
    public async Task Natural_uses_given_tokens_or_else_measured_tokens()
    {
        var (given, _) = await Measured(tokens: [1, 3, 6]);
        var fromGiven = await Get(given.Id, "natural");
        Assert.Equal("domain tokens", fromGiven.Basis);
        Assert.Equal([0.1, 0.3, 0.6], fromGiven.Mixture.Values.Select(v => Math.Round(v, 12)));
        Assert.Equal([1.0, 3.0, 6.0], fromGiven.Domains.Select(d => d.Tokens!.Value));

        var (measured, stats) = await Measured();
        var fromStats = await Get(measured.Id, "natural");
        Assert.Equal("measured tokens", fromStats.Basis);
        var counts = stats.Domains.Select(d => (double)d.Results!.Tokens).ToArray();
        Assert.Equal(counts, fromStats.Domains.Select(d => d.Tokens!.Value));
        for (var i = 0; i < counts.Length; i++) Assert.Equal(counts[i] / counts.Sum(), fromStats.Domains[i].Proportion, 1e-12);
    }

    [Fact]
    public async Task Uniform_needs_no_statistics()
    {
        var experiment = await _client.CreateExperiment(["a", "b", "c", "d"]);
        var uniform = await Get(experiment.Id, "uniform");
        Assert.All(uniform.Mixture.Values, p => Assert.Equal(0.25, p));
        Assert.Null(uniform.Temperature);
    }

    [Fact]
    public async Task Missing_statistics_and_bad_parameters_are_problems()
    {
        factory.WriteCorpusFile("unmeasured/a.txt", "some text here");
        var unmeasured = await (await _client.PostRaw("/api/experiments",
            """{"name":"u","domains":[{"name":"a","corpus":"unmeasured/a.txt"},{"name":"b"}]}""")).Read<ExperimentResponse>(HttpStatusCode.Created);
        var id = unmeasured.Id;
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/entropy-se"), HttpStatusCode.Conflict, "domains[0].corpus", "corpus-stats first");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/natural"), HttpStatusCode.Conflict, "domains[0].corpus", "corpus-stats");
        await _client.MeasureToCompletion(id);
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/entropy-ce"), HttpStatusCode.Conflict, "domains[1].corpus", "has no corpus");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/entropy-ce?tokenizer=gpt2"), HttpStatusCode.Conflict, "domains[0].corpus", "'gpt2'");

        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/best"), HttpStatusCode.NotFound, "kind",
            "natural, uniform, entropy-se, entropy-je, entropy-ce, entropy-vne, doremi, chameleon");
        foreach (var bad in new[] { "0", "-1", "abc", "NaN", "Infinity", "1e999" })
            await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/uniform?temperature={bad}"), HttpStatusCode.BadRequest, "temperature", "> 0");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/mixtures/uniform?tokenizer=llama"), HttpStatusCode.BadRequest, "tokenizer");
        await ProblemAssert.Is(await _client.GetAsync("/api/experiments/999999/mixtures/uniform"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Mixtures_can_be_saved_listed_and_fetched_by_name()
    {
        var (experiment, _) = await Measured();
        var id = experiment.Id;
        var names = experiment.Domains.Select(d => d.Name).ToArray();

        var custom = await _client.PostAsJsonAsync($"/api/experiments/{id}/mixtures",
            new SaveMixtureRequest("hand-made", names.Select((n, i) => (n, i == 0 ? 0.5 : 0.25)).ToDictionary()));
        var saved = await custom.Read<NamedMixtureResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/experiments/{id}/mixtures/saved/hand-made", custom.Headers.Location!.OriginalString);
        Assert.Equal("custom", saved.Kind);
        Assert.Equal([0.5, 0.25, 0.25], saved.Mixture.Values);

        var frozen = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/mixtures",
            new SaveMixtureRequest("ce-hot", From: new MixtureSource("entropy-ce", 2.0)))).Read<NamedMixtureResponse>(HttpStatusCode.Created);
        var computed = await Get(id, "entropy-ce?temperature=2");
        Assert.Equal(("entropy-ce", 2.0, "bytes"), (frozen.Kind, frozen.Temperature!.Value, frozen.Tokenizer));
        Assert.Equal(computed.Mixture, frozen.Mixture);

        var fetched = await (await _client.GetAsync($"/api/experiments/{id}/mixtures/saved/ce-hot")).Read<NamedMixtureResponse>(HttpStatusCode.OK);
        Assert.Equal(frozen.Mixture, fetched.Mixture);

        var list = await (await _client.GetAsync($"/api/experiments/{id}/mixtures")).Read<MixtureListResponse>(HttpStatusCode.OK);
        Assert.Equal(["hand-made", "ce-hot"], list.Saved.Select(s => s.Name));
        Assert.Equal(["natural", "uniform", "entropy-se", "entropy-je", "entropy-ce", "entropy-vne", "doremi", "chameleon"], list.Kinds.Select(k => k.Kind));
        Assert.All(list.Kinds.SkipLast(2), k => Assert.True(k.Available, k.Reason));
        // the trained kinds (docs/mixture-methods.md) need a completed job first
        Assert.All(list.Kinds.TakeLast(2), k => Assert.Contains("no completed", k.Reason));

        var unmeasured = await _client.CreateExperiment(["p", "q"]);
        var partial = await (await _client.GetAsync($"/api/experiments/{unmeasured.Id}/mixtures")).Read<MixtureListResponse>(HttpStatusCode.OK);
        // without corpora or token counts only uniform can be computed; the others say why
        Assert.Equal([false, true, false, false, false, false, false, false], partial.Kinds.Select(k => k.Available));
        Assert.All(partial.Kinds.Where(k => !k.Available).SkipLast(2), k => Assert.Contains("has no corpus", k.Reason));
        Assert.Empty(partial.Saved);
    }

    [Fact]
    public async Task Invalid_saves_are_problems_and_write_nothing()
    {
        var (experiment, _) = await Measured();
        var id = experiment.Id;
        var url = $"/api/experiments/{id}/mixtures";
        var all = "{" + string.Join(",", experiment.Domains.Select((d, i) => $"\"{d.Name}\":{(i == 0 ? "0.5" : "0.25")}")) + "}";
        var first = experiment.Domains[0].Name;
        await _client.PostRaw(url, """{"name":"taken","mixture":""" + all + "}");
        var before = factory.CountRows("named_mixtures");

        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"taken","mixture":""" + all + "}"), HttpStatusCode.Conflict, "name", "already exists");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"","mixture":""" + all + "}"), HttpStatusCode.BadRequest, "name", "blank");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"a/b","mixture":""" + all + "}"), HttpStatusCode.BadRequest, "name", "'/'");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n"}"""), HttpStatusCode.BadRequest, "mixture", "exactly one");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n","mixture":""" + all + ""","from":{"kind":"uniform"}}"""), HttpStatusCode.BadRequest, "mixture", "exactly one");
        await ProblemAssert.Is(await _client.PostRaw(url, "{\"name\":\"n\",\"mixture\":{\"" + first + "\":1}}"), HttpStatusCode.BadRequest, "mixture.*", "missing");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n","mixture":{"nope":1}}"""), HttpStatusCode.BadRequest, "mixture.nope", "unknown domain");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n","from":{"kind":"best"}}"""), HttpStatusCode.BadRequest, "from.kind", "valid kinds");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n","from":{"kind":"entropy-se","temperature":0}}"""), HttpStatusCode.BadRequest, "from.temperature", "> 0");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n","from":{"kind":"entropy-se","tokenizer":"gpt2"}}"""), HttpStatusCode.Conflict, "domains[0].corpus", "corpus-stats");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"name":"n","from":{}}"""), HttpStatusCode.BadRequest, "from*", "valid JSON");
        await ProblemAssert.Is(await _client.PostRaw("/api/experiments/999999/mixtures", """{"name":"n","from":{"kind":"uniform"}}"""), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync($"{url}/saved/absent"), HttpStatusCode.NotFound, "name");
        Assert.Equal(before, factory.CountRows("named_mixtures"));
    }
}
