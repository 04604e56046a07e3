namespace ScalingApi.Host.Health;

public static class HealthRegistration
{
    /// <summary>The storage checks behind <c>/health</c>: database writability and free disk space.</summary>
    public static IServiceCollection AddStorageHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseWritableCheck>(DatabaseWritableCheck.Name)
            .AddCheck<FreeDiskSpaceCheck>(FreeDiskSpaceCheck.Name);
        return services;
    }
}
