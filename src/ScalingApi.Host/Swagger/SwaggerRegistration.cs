using Microsoft.OpenApi;
using ScalingApi.Host.Auth;

namespace ScalingApi.Host.Swagger;

public static class SwaggerRegistration
{
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddScalingApiSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ScalingApi",
                Version = "v1",
                Description = "Fit the BiMix data-mixing scaling law to proxy-run losses, predict losses and plan mixtures. " +
                              "Write requests need the X-Api-Key header (Authorize button).",
            });
            // XML docs of the host (handlers) and contracts (request/response records)
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "ScalingApi.*.xml"))
                options.IncludeXmlComments(xml, includeControllerXmlComments: true);
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyStore.HeaderName,
                Description = "Required for every non-GET request.",
            });
            // the key requirement is set per write operation (ProblemResponsesFilter), so reads show no lock
            options.OperationFilter<RequestExamplesFilter>();
            options.OperationFilter<ProblemResponsesFilter>();
            options.OrderActionsBy(WorkflowTags.SortKey);
            options.DocumentFilter<WorkflowTags>();
        });
        return services;
    }

    public static WebApplication UseScalingApiSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "ScalingApi v1");
            options.DocumentTitle = "ScalingApi";
            options.EnablePersistAuthorization(); // the key survives a reload of the page
        });
        return app;
    }
}
