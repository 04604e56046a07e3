using ScalingApi.Corpora;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

public static class CorporaRegistration
{
    /// <summary>Corpus roots (<c>Corpora:Roots</c>), reference resolution and the domain corpus locator.</summary>
    public static IServiceCollection AddCorpora(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorporaOptions>().Bind(configuration.GetSection(CorporaOptions.SectionName))
            .Validate(o => o.Roots.All(r => !string.IsNullOrWhiteSpace(r)), "Corpora:Roots entries must not be blank")
            .ValidateOnStart();
        services.AddSingleton<CorpusReferences>();
        services.AddScoped<ExperimentCorporaStore>();
        services.AddScoped<CorpusLocator>();
        return services;
    }
}
