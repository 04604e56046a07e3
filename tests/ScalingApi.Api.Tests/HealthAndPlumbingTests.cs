using System.Net;
using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests;

public sealed class HealthAndPlumbingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Health_reports_ok_and_the_applied_schema_version()
    {
        var response = await factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("schemaVersion").GetInt32() >= 1);
    }

    [Fact]
    public void Database_is_in_wal_mode_with_every_migration_recorded()
    {
        factory.CreateClient(); // starts the host, which migrates
        Assert.True(factory.CountRows("schema_version") >= 1);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public void Repository_root_appsettings_is_read_even_though_the_content_root_is_the_project_folder()
    {
        var configuration = (Microsoft.Extensions.Configuration.IConfiguration)factory.Services.GetService(typeof(Microsoft.Extensions.Configuration.IConfiguration))!;
        Assert.Equal("67108864", configuration["Limits:MaxRequestBodyBytes"]);
        Assert.Equal(factory.DatabasePath, configuration["Storage:DatabasePath"]); // test settings still win over the file
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_not_an_empty_404()
    {
        var response = await factory.CreateClient().GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
