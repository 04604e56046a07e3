using ScalingApi.Corpora;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

public static class CorporaRegistration
{
    /// <summary>Corpus roots (<c>Corpora:Roots</c>), reference resolution, the domain corpus locator the statistics jobs with their background worker, and the training-free and named mixtures.</summary>
    public static IServiceCollection AddCorpora(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorporaOptions>().Bind(configuration.GetSection(CorporaOptions.SectionName))
            .Validate(o => o.Roots.All(r => !string.IsNullOrWhiteSpace(r)), "Corpora:Roots entries must not be blank")
            .ValidateOnStart();
        services.AddSingleton<CorpusReferences>();
        services.AddSingleton<ScalingApi.Host.Hosting.ServerPaths>();
        services.AddScoped<ExperimentCorporaStore>();
        services.AddScoped<CorpusLocator>();
        services.AddScoped<CorpusStatsStore>();
        services.AddScoped<CurrentCorpusStats>();
        services.AddScoped<CorpusStatsJobs>();
        services.AddScoped<CorpusStatsRunner>();
        services.AddScoped<CorpusMixtures>();
        services.AddScoped<NamedMixtureStore>();
        services.AddScoped<NamedMixtures>();
        services.AddSingleton<JobQueue<CorpusStatsRunner>>();
        services.AddSingleton<CorpusStatsProgress>();
        services.AddHostedService<QueuedJobWorker<CorpusStatsRunner>>();
        return services;
    }
}
