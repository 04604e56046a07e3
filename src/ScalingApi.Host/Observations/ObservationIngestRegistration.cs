namespace ScalingApi.Host.Observations;

public static class ObservationIngestRegistration
{
    public static IServiceCollection AddObservationIngest(this IServiceCollection services)
    {
        services.AddSingleton<ObservationBodyReader>();
        services.AddScoped<ObservationIngest>();
        return services;
    }
}
