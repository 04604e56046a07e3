using ScalingApi.Storage.MixtureMethods;

namespace ScalingApi.Host.MixtureMethods;

public static class MixtureMethodRegistration
{
    /// <summary>DoReMi and Chameleon jobs: their store, stage launching, status views, the trained mixture kinds, the worker outputs, the coordinator and the requests' training rules.</summary>
    public static IServiceCollection AddMixtureMethods(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MixtureMethodOptions>().Bind(configuration.GetSection(MixtureMethodOptions.Section))
            .Validate(o => o.PollSeconds > 0 && o.DefaultSteps >= 1 && o.MaxRounds >= 1 && o.MaxWindowsPerDomain >= 1,
                "MixtureMethods: PollSeconds, DefaultSteps, MaxRounds and MaxWindowsPerDomain must be positive")
            .ValidateOnStart();
        services.AddScoped<MixtureMethodStore>();
        services.AddScoped<MethodMixtures>();
        services.AddScoped<CheckpointLocator>();
        services.AddScoped<MixtureMethodJobs>();
        services.AddScoped<MixtureMethodViews>();
        services.AddScoped<LeaseOutputs>();
        services.AddSingleton<MixtureMethodTraining>(); // shared by the DoReMi and Chameleon request rules
        services.AddSingleton<MixtureMethodCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<MixtureMethodCoordinator>());
        return services;
    }
}
