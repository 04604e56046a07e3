using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ScalingApi.Api.Tests.Robustness;

/// <summary>
/// Every operation of the service's own OpenAPI document, hit with a generated battery of bad requests.
/// Each fact sends its whole battery and reports every broken case at once.
/// </summary>
public sealed class ErrorStandardTests(RobustnessApiFactory factory, ITestOutputHelper output) : IClassFixture<RobustnessApiFactory>
{
    private async Task<(BadRequestGenerator Generator, IReadOnlyList<OpenApiOperation> Operations)> Setup()
    {
        var world = await factory.World();
        var json = await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        var document = new OpenApiDocument(JsonDocument.Parse(json).RootElement);
        var operations = document.Operations();
        Assert.True(operations.Count >= 25, $"only {operations.Count} operations in the OpenAPI document");
        return (new BadRequestGenerator(document, world), operations);
    }

    private async Task Battery(string name, IEnumerable<BadRequestCase> cases, int atLeast)
    {
        var (sent, failures) = await BadRequestRunner.RunAll(factory.CreateClient(), cases);
        output.WriteLine($"{name}: {sent} cases, {failures.Count} failures");
        Assert.True(sent >= atLeast, $"{name}: only {sent} cases generated");
        Assert.True(failures.Count == 0, BadRequestRunner.Report(name, sent, failures));
    }

    [Fact]
    public async Task Writes_without_a_valid_api_key_are_401_problems()
    {
        var (generator, operations) = await Setup();
        await Battery("auth", generator.Auth(operations), atLeast: 3 * operations.Count(o => o.IsWrite));
    }

    [Fact]
    public async Task Bad_ids_bodies_and_content_types_are_4xx_problems_never_5xx()
    {
        var (generator, operations) = await Setup();
        await Battery("ids and body shapes", generator.BodyShapes(operations), atLeast: 1000);
    }

    [Fact]
    public async Task Every_property_with_a_wrong_type_or_value_is_a_4xx_problem_naming_it()
    {
        var (generator, operations) = await Setup();
        await Battery("property mutations", generator.Mutations(operations), atLeast: 300);
    }

    [Fact]
    public async Task Bad_query_values_and_headers_are_4xx_problems_naming_the_parameter()
    {
        var (generator, operations) = await Setup();
        await Battery("query and headers", generator.QueryAndHeaders(operations), atLeast: 20);
    }
}
