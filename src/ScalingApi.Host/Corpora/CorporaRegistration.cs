using ScalingApi.Corpora;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

public static class CorporaRegistration
{
    /// <summary>Corpus roots (<c>Corpora:Roots</c>), reference resolution, the domain corpus locator and the statistics jobs with their background worker.</summary>
    public static IServiceCollection AddCorpora(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorporaOptions>().Bind(configuration.GetSection(CorporaOptions.SectionName))
            .Validate(o => o.Roots.All(r => !string.IsNullOrWhiteSpace(r)), "Corpora:Roots entries must not be blank")
            .ValidateOnStart();
        services.AddSingleton<CorpusReferences>();
        services.AddScoped<ExperimentCorporaStore>();
        services.AddScoped<CorpusLocator>();
        services.AddScoped<CorpusStatsStore>();
        services.AddScoped<CurrentCorpusStats>();
        services.AddScoped<CorpusStatsJobs>();
        services.AddScoped<CorpusStatsRunner>();
        services.AddSingleton<CorpusStatsQueue>();
        services.AddSingleton<CorpusStatsProgress>();
        services.AddHostedService<CorpusStatsWorker>();
        return services;
    }
}
