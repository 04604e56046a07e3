using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Corpora;

public sealed class CorpusReferenceTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private static string Experiment(string corpus, string? tokenizer = null) => JsonSerializer.Serialize(new
    {
        name = "refs",
        domains = new object[] { new { name = "ok" }, new { name = "bad", corpus } },
        tokenizer,
    });

    [Fact]
    public async Task Domain_corpus_and_tokenizer_are_stored_and_returned()
    {
        factory.WriteCorpusFile("refs/a/one.txt", "hello world");
        factory.WriteCorpusFile("refs/b/x.jsonl", "{\"text\":\"hi\"}\n");
        var response = await _client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("corpora",
            [new("a", Corpus: "refs/a"), new("b", Corpus: "refs/b/*.jsonl"), new("c", 5)], Tokenizer: "gpt2"));
        var created = await response.Read<ExperimentResponse>(HttpStatusCode.Created);
        Assert.Equal("gpt2", created.Tokenizer);
        Assert.Equal(["refs/a", "refs/b/*.jsonl", null], created.Domains.Select(d => d.Corpus));

        var fetched = await (await _client.GetAsync($"/api/experiments/{created.Id}")).Read<ExperimentResponse>(HttpStatusCode.OK);
        Assert.Equal("gpt2", fetched.Tokenizer);
        Assert.Equal("refs/b/*.jsonl", fetched.Domains[1].Corpus);
    }

    [Fact]
    public async Task Tokenizer_defaults_to_bytes()
    {
        var created = await _client.CreateExperiment(["x"]);
        Assert.Equal("bytes", created.Tokenizer);
    }

    [Fact]
    public async Task Parent_directory_escape_is_refused_naming_the_field()
    {
        // the target exists, so only confinement can refuse it
        File.WriteAllText(Path.Combine(factory.DataDirectory, "outside.txt"), "secret");
        await AssertRefused(Experiment("../outside.txt"), "outside the configured corpus roots");
    }

    [Fact]
    public async Task Absolute_path_elsewhere_is_refused()
    {
        var elsewhere = Path.Combine(factory.DataDirectory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "a.txt"), "text");
        await AssertRefused(Experiment(elsewhere), "outside the configured corpus roots");
        await AssertRefused(Experiment("/etc/hostname"), "outside the configured corpus roots");
    }

    [Fact]
    public async Task Symlink_pointing_out_of_the_root_is_refused()
    {
        var outside = Path.Combine(factory.DataDirectory, "outside-dir");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "leak.txt"), "secret");
        var link = Path.Combine(factory.Root, "link-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateSymbolicLink(link, outside);
        await AssertRefused(Experiment(Path.GetFileName(link)), "symbolic link");
        await AssertRefused(Experiment(Path.GetFileName(link) + "/leak.txt"), "outside");
    }

    [Theory]
    [InlineData("does/not/exist", "does not exist")]
    [InlineData("", "blank")]
    public async Task Unresolvable_reference_is_refused(string corpus, string rule) =>
        await AssertRefused(Experiment(corpus), rule);

    [Fact]
    public async Task Folder_without_corpus_files_and_unsupported_file_are_refused()
    {
        factory.WriteCorpusFile("empty-ish/readme.md", "# not a corpus");
        await AssertRefused(Experiment("empty-ish"), "matches no corpus files");
        await AssertRefused(Experiment("empty-ish/readme.md"), "unsupported extension");
    }

    [Fact]
    public async Task Unknown_tokenizer_is_refused()
    {
        var before = factory.CountRows("experiments");
        var response = await _client.PostRaw("/api/experiments", """{"name":"t","domains":[{"name":"a"}],"tokenizer":"llama"}""");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "tokenizer", "known: bytes, gpt2");
        Assert.Equal(before, factory.CountRows("experiments"));
    }

    private async Task AssertRefused(string body, string rule)
    {
        var before = factory.CountRows("experiments");
        var response = await _client.PostRaw("/api/experiments", body);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "domains[1].corpus", rule);
        Assert.Equal(before, factory.CountRows("experiments"));
    }
}
