using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ScalingApi.Host.Swagger;

/// <summary>Lists the tags, and sorts the operations, in the order a user meets them: set up, record, fit, look, plan, train.</summary>
public sealed class WorkflowTags : IDocumentFilter
{
    public static readonly IReadOnlyList<(string Name, string Description)> InOrder =
    [
        ("Experiments", "Domains (with token counts and corpora) and the step size: start here."),
        ("Runs", "The proxy runs and their mixtures."),
        ("Observations", "Per-domain validation losses at checkpoints (JSON, CSV or the wide layout)."),
        ("Fits", "Fit the BiMix law, then predict losses and find the optimal mixture."),
        ("Plots", "Figures (SVG or PNG) of fits, mixtures, sweeps and corpus statistics."),
        ("Corpora", "Measure the domains' corpora (entropies, token counts)."),
        ("Mixtures", "Training-free mixtures (natural, uniform, entropy) and saved ones."),
        ("Sweeps", "Train proxy runs on chosen mixtures and follow their progress."),
        ("Workers", "The protocol worker processes use to claim and report runs."),
        ("Health", "Liveness."),
    ];

    /// <summary>Tag position, then path, then method, so Swagger UI shows groups in workflow order.</summary>
    public static string SortKey(ApiDescription description)
    {
        var tag = description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().FirstOrDefault()?.Tags.FirstOrDefault() ?? "";
        var position = InOrder.Select(t => t.Name).ToList().IndexOf(tag);
        return $"{(position < 0 ? InOrder.Count : position):D2}|{description.RelativePath}|{description.HttpMethod}";
    }

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).ToHashSet();
        var ordered = InOrder.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }).ToList();
        // tags another part of the service adds later still appear, after the known ones
        ordered.AddRange(used.Where(name => name is not null && InOrder.All(t => t.Name != name)).Order().Select(name => new OpenApiTag { Name = name }));
        document.Tags = new HashSet<OpenApiTag>(ordered);
    }
}
