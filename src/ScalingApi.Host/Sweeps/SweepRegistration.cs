using Microsoft.Extensions.DependencyInjection.Extensions;
using ScalingApi.Host.Sweeps.Executors;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps;

public static class SweepRegistration
{
    /// <summary>Sweep storage, the lease protocol, the event stream and the lease reaper. Executors are added separately (AddLocalExecutor, AddSlurmExecutor).</summary>
    public static IServiceCollection AddSweeps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SweepOptions>().Bind(configuration.GetSection(SweepOptions.Section))
            .Validate(o => o.MaxAttempts >= 1 && o.LeaseSeconds >= 1 && o.HeartbeatSeconds >= 1 && o.HeartbeatSeconds < o.LeaseSeconds
                           && o.ReaperIntervalSeconds > 0 && o.ProgressEventSeconds >= 0 && o.MaxRuns >= 1 && o.Local.MaxWorkers >= 1,
                "Sweeps: MaxAttempts, LeaseSeconds, HeartbeatSeconds (< LeaseSeconds), ReaperIntervalSeconds, MaxRuns and Local:MaxWorkers must be positive")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<SweepStore>();
        services.AddScoped<LeaseStore>();
        services.AddScoped<SweepEventLog>();
        services.AddScoped<LeaseService>();
        services.AddScoped<SweepLauncher>();
        services.AddScoped<SweepViews>();
        services.AddSingleton<SweepEventSignal>();
        services.AddSingleton<SweepEventStream>();
        services.AddSingleton<SweepExecutors>();
        services.AddSingleton<LeaseReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseReaper>());
        return services;
    }
}
