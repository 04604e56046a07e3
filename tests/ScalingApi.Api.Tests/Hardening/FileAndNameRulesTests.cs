using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Hardening;

/// <summary>Issue 13, defect 8: names refuse control and bidi-override characters; the database files are owner-only.</summary>
public sealed class NameAndDatabaseFileTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Theory]
    [InlineData("nul\u0000name")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001b[31m")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085x")]
    [InlineData("evil\u202egpj.exe")]
    [InlineData("embed\u202b")]
    [InlineData("isolate\u2066x\u2069")]
    public async Task Names_with_control_or_bidi_override_characters_are_refused_naming_the_field(string bad)
    {
        var experiment = await _client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest(bad, [new DomainSpec("a")]));
        await ProblemAssert.Is(experiment, HttpStatusCode.BadRequest, "name", "control");

        var domain = await _client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("ok", [new DomainSpec(bad)]));
        await ProblemAssert.Is(domain, HttpStatusCode.BadRequest, "domains[0].name", "control");

        var created = await _client.CreateExperiment(["a"]);
        var run = await _client.PostAsJsonAsync($"/api/experiments/{created.Id}/runs", new CreateRunRequest(bad, new Dictionary<string, double> { ["a"] = 1 }));
        await ProblemAssert.Is(run, HttpStatusCode.BadRequest, "name", "bidi");
    }

    [Fact]
    public async Task Ordinary_unicode_names_are_still_accepted()
    {
        var created = await _client.CreateExperiment(["naïve", "日本語"], name: "ünïcode — ok");
        Assert.Equal("ünïcode — ok", created.Name);
        await _client.CreateRun(created.Id, "right-to-left עברית", new Dictionary<string, double> { ["naïve"] = 0.5, ["日本語"] = 0.5 });
    }

    [Fact]
    public async Task The_database_and_its_wal_and_shm_files_are_owner_only()
    {
        string[] paths = [factory.DatabasePath, factory.DatabasePath + "-wal", factory.DatabasePath + "-shm"];
        // a write opens the -wal and -shm files; another test class disposing its host clears every SQLite pool in
        // the process (ClearAllPools), which closes them again, so write until all three are seen at once
        for (var attempt = 0; attempt < 10 && !paths.All(File.Exists); attempt++) await _client.CreateExperiment(["a"]);
        foreach (var path in paths)
        {
            Assert.True(File.Exists(path), path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}

/// <summary>No keys configured, and a key file prepared by the test before the host starts.</summary>
public sealed class PreparedKeyFileFactory(string content, UnixFileMode mode) : ApiFactory
{
    public string KeyFile => Path.Combine(DataDirectory, "api-key");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public void Prepare()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(KeyFile, content);
        File.SetUnixFileMode(KeyFile, mode);
    }
}

/// <summary>Issue 13, defect 8: a too-open or empty key file stops the start-up with a message saying how to fix it.</summary>
public sealed class KeyFileRulesTests
{
    [Fact]
    public async Task A_key_file_readable_by_group_or_others_is_refused_with_the_fix()
    {
        await using var factory = new PreparedKeyFileFactory("a-perfectly-good-key-0123456789", (UnixFileMode)0b110_100_100); // 0644
        factory.Prepare();
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = Flatten(error);
        Assert.Contains(factory.KeyFile, message);
        Assert.Contains("chmod 600", message);
    }

    [Fact]
    public async Task An_empty_key_file_is_refused_loudly()
    {
        await using var factory = new PreparedKeyFileFactory("  \n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        factory.Prepare();
        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains(factory.KeyFile, message);
        Assert.Contains("empty", message);
    }

    [Fact]
    public async Task An_owner_only_key_file_is_used()
    {
        await using var factory = new PreparedKeyFileFactory("prepared-key-0123456789\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        factory.Prepare();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "prepared-key-0123456789");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("e", [new DomainSpec("a")]))).StatusCode);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
