using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ScalingApi.Host.Swagger;

/// <summary>Attaches <see cref="RequestExamples"/> to the matching operations, serialized exactly as the API reads JSON.</summary>
public sealed class RequestExamplesFilter(IOptions<JsonOptions> json) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var name = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null) return;
        if (RequestExamples.ByEndpoint.TryGetValue(name, out var example)) Attach(operation, example);
        if (RequestExamples.AlternativeBodies.TryGetValue(name, out var alternative)) Attach(operation, alternative);
    }

    private void Attach(OpenApiOperation operation, (string ContentType, object Body) example)
    {
        if (operation.RequestBody?.Content?.TryGetValue(example.ContentType, out var media) != true || media is null) return;
        media.Example = JsonSerializer.SerializeToNode(example.Body, example.Body.GetType(), json.Value.SerializerOptions);
    }
}
