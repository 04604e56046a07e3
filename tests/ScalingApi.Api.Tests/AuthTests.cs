using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests;

public sealed class AuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly CreateExperimentRequest Experiment = new("e", [new DomainSpec("a")]);

    [Fact]
    public async Task Write_without_key_is_401_problem_and_writes_nothing()
    {
        var before = factory.CountRows("experiments");
        var response = await factory.CreateClient().PostAsJsonAsync("/api/experiments", Experiment);
        await ProblemAssert.Is(response, HttpStatusCode.Unauthorized, "X-Api-Key", "required");
        Assert.Equal(before, factory.CountRows("experiments"));
    }

    [Fact]
    public async Task Write_with_wrong_key_is_401_problem()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.Key + "x");
        await ProblemAssert.Is(await client.PostAsJsonAsync("/api/experiments", Experiment), HttpStatusCode.Unauthorized, "X-Api-Key", "does not match");
    }

    [Fact]
    public async Task Reads_need_no_key_and_writes_with_the_key_succeed()
    {
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await factory.Authorized().PostAsJsonAsync("/api/experiments", Experiment)).StatusCode);
    }
}

/// <summary>No keys configured: the host generates one.</summary>
public sealed class GeneratedKeyFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>();
}

public sealed class GeneratedKeyTests(GeneratedKeyFactory factory) : IClassFixture<GeneratedKeyFactory>
{
    [Fact]
    public async Task Generated_key_is_stored_owner_only_and_accepted()
    {
        var client = factory.CreateClient();
        var keyFile = Path.Combine(factory.DataDirectory, "api-key");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var bytes = await File.ReadAllBytesAsync(keyFile);
        Assert.All(bytes, b => Assert.InRange(b, (byte)0x21, (byte)0x7e)); // printable ASCII only: no BOM, no newline, usable via `cat`
        var key = System.Text.Encoding.ASCII.GetString(bytes);
        Assert.True(key.Length >= 40);

        await ProblemAssert.Is(await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("e", [new("a")])),
            HttpStatusCode.Unauthorized, "X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("e", [new("a")]))).StatusCode);
    }
}

/// <summary>Issue 13, defect 7: Auth:RequireKeyForReads turns anonymous reads off.</summary>
public sealed class KeyForReadsFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0"] = Key,
        ["Auth:RequireKeyForReads"] = "true",
    };
}

public sealed class RequireKeyForReadsTests(KeyForReadsFactory factory) : IClassFixture<KeyForReadsFactory>
{
    [Fact]
    public async Task Reads_need_the_key_but_health_stays_open()
    {
        var experiment = await factory.Authorized().CreateExperiment(["a"]);
        var anonymous = factory.CreateClient();
        foreach (var path in new[] { "/api/experiments", $"/api/experiments/{experiment.Id}", $"/api/experiments/{experiment.Id}/observations" })
            await ProblemAssert.Is(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "X-Api-Key", "RequireKeyForReads");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Authorized().GetAsync($"/api/experiments/{experiment.Id}")).StatusCode);
    }
}
