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
        if (name is null || !RequestExamples.ByEndpoint.TryGetValue(name, out var example)) return;
        if (operation.RequestBody?.Content?.TryGetValue(example.ContentType, out var media) != true || media is null) return;
        media.Example = JsonSerializer.SerializeToNode(example.Body, example.Body.GetType(), json.Value.SerializerOptions);
    }
}
