namespace ScalingApi.Host.Plots;

public static class PlotRegistration
{
    /// <summary>The figure services and their cache; needs AddFitting, AddSweeps and AddCorpora.</summary>
    public static IServiceCollection AddPlots(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PlotOptions>(configuration.GetSection(PlotOptions.Section));
        services.AddSingleton<PlotCache>();
        services.AddScoped<FitPlots>();
        services.AddScoped<ProgressPlots>();
        return services;
    }
}
