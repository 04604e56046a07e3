namespace ScalingApi.Host.Fits;

public static class FitRegistration
{
    public static IServiceCollection AddFitting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FitCacheOptions>(configuration.GetSection(FitCacheOptions.Section));
        services.AddSingleton<FitCache>();
        services.AddScoped<ExperimentDataLoader>();
        services.AddScoped<StoredFitLoader>();
        services.AddScoped<FitRunSelector>(); // needs SweepStore from AddSweeps
        services.AddScoped<FitRecorder>();
        services.AddScoped<FitService>();
        services.AddScoped<LawFitService>();
        services.AddScoped<LawPlanningService>();
        services.AddScoped<LawComparisonService>();
        services.AddScoped<PredictionService>();
        services.AddScoped<OptimalMixtureService>();
        services.AddScoped<NextRunsService>();
        return services;
    }
}
