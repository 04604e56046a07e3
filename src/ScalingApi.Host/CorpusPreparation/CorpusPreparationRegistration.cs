using Microsoft.Extensions.Options;
using ScalingApi.Corpora;
using ScalingApi.Corpora.References;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Host.CorpusPreparation;

public static class CorpusPreparationRegistration
{
    /// <summary>Corpus preparation jobs: the prepared root (<c>Corpora:PreparedRoot</c>, refused at start-up when outside
    /// the corpus roots), the store, starting, describing and running jobs on their background worker.</summary>
    public static IServiceCollection AddCorpusPreparation(this IServiceCollection services)
    {
        services.AddOptions<CorporaOptions>()
            .Validate(o => PreparedRootProblem(o) is null, "Corpora:PreparedRoot must be one of the corpus roots (Corpora:Roots) or inside one")
            .ValidateOnStart();
        services.AddSingleton(sp => new PreparedCorpusFolders(sp.GetRequiredService<IOptions<CorporaOptions>>().Value));
        services.AddScoped<CorpusPreparationStore>();
        services.AddScoped<PreparationEventLog>();
        services.AddScoped<CorpusPreparationJobs>();
        services.AddScoped<CorpusPreparationViews>();
        services.AddScoped<CorpusPreparationRunner>();
        services.AddSingleton<PreparationCounters>();
        services.AddSingleton<RunningPreparations>();
        services.AddSingleton<JobQueue<CorpusPreparationRunner>>();
        services.AddHostedService<QueuedJobWorker<CorpusPreparationRunner>>();
        return services;
    }

    private static string? PreparedRootProblem(CorporaOptions options)
    {
        try
        {
            _ = new PreparedCorpusFolders(options);
            return null;
        }
        catch (CorpusPathEscapeException e) { return e.Message; }
    }
}
