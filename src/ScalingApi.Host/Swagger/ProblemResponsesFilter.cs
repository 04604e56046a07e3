using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using ScalingApi.Host.Auth;
using ScalingApi.Host.Errors;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ScalingApi.Host.Swagger;

/// <summary>
/// Documents the errors every operation can answer with, as application/problem+json with the
/// <see cref="ProblemResponse"/> schema and an example: those its endpoint declares (<see cref="Endpoints.ProblemResponses"/>,
/// <c>ProducesProblem</c>) and its handler describes (XML &lt;response&gt;), and 500 everywhere (so even an operation that
/// takes no input documents its error body). Writes also get the key requirement, so reads show no lock in Swagger UI.
/// </summary>
public sealed class ProblemResponsesFilter : IOperationFilter
{
    public const string ProblemJson = "application/problem+json";

    private sealed record ErrorDoc(string Description, string Title, FieldError Error);

    private static readonly Dictionary<int, ErrorDoc> Defaults = new()
    {
        [400] = new("Invalid request: the problem names each field and the rule it breaks.", "One or more fields are invalid.", new("mixture.web", "must be ≥ 0")),
        [401] = new("Missing or wrong X-Api-Key header (every non-GET request needs it).", "Missing or wrong API key.", new(ApiKeyStore.HeaderName, "header is required for non-GET requests")),
        [404] = new("Unknown resource (the problem names the path parameter).", "The resource was not found.", new("id", "no experiment 42")),
        [409] = new("Conflicts with the stored state.", "The request conflicts with the current state.", new("name", "an experiment named 'walkthrough' already exists")),
        [410] = new("The lease is gone.", "The lease is no longer current.", new("leaseId", "the lease expired and the run was returned")),
        [413] = new("The body is larger than the configured limit.", "The request body is too large.", new("body", "larger than the limit")),
        [415] = new("Content-Type not accepted by this operation.", "Unsupported media type.", new("Content-Type", "not accepted by this route (see /swagger)")),
        [422] = new("Valid, but the data cannot answer it (the problem says why).", "The request cannot be answered from this data.", new("fit.alpha.code", "alpha is null: the domain was observed at a single proportion")),
        // ProblemExceptionHandler answers any unexpected exception so, on every operation
        [500] = new("Unexpected server error; the body carries no exception text (see the service log).", "Internal error.", new("server", "unexpected error; see the service log")),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var method = context.ApiDescription.HttpMethod ?? "GET";
        var isWrite = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);
        operation.Responses ??= new OpenApiResponses();
        // the endpoints declare their refusals (ProblemResponses, ProducesProblem); the XML <response> comments describe them
        var statuses = operation.Responses.Keys.Select(k => int.TryParse(k, out var code) ? code : 0).Where(code => code is >= 400 and < 600).ToHashSet();
        statuses.Add(500);

        var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemResponse), context.SchemaRepository);
        foreach (var status in statuses.Order())
        {
            var key = status.ToString();
            var known = Defaults.TryGetValue(status, out var documented)
                ? documented
                : new ErrorDoc("Client error.", "The request was rejected.", new FieldError("request", "rejected by the server"));
            if (!operation.Responses.TryGetValue(key, out var existing) || existing is not OpenApiResponse response)
            {
                response = new OpenApiResponse { Description = known.Description };
                operation.Responses[key] = response;
            }
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.Clear(); // the handlers' ProblemHttpResult metadata advertises application/json; the body is problem+json
            response.Content[ProblemJson] = new OpenApiMediaType { Schema = schema, Example = Example(status, known.Title, known.Error) };
        }

        if (isWrite)
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SwaggerRegistration.ApiKeyScheme, context.Document)] = [] }];
    }

    private static JsonNode Example(int status, string title, FieldError error) => new JsonObject
    {
        ["type"] = $"https://httpstatuses.io/{status}",
        ["title"] = title,
        ["status"] = status,
        ["detail"] = $"{error.Field}: {error.Rule}",
        ["errors"] = new JsonArray(new JsonObject { ["field"] = error.Field, ["rule"] = error.Rule }),
        ["traceId"] = "0HN7EXAMPLE:00000001",
    };
}
