using Microsoft.Extensions.DependencyInjection.Extensions;
using ScalingApi.Host.Sweeps.Executors.Local;
using ScalingApi.Slurm;

namespace ScalingApi.Host.Sweeps.Executors.Slurm;

public static class SlurmExecutorRegistration
{
    /// <summary>
    /// The <c>slurm</c> executor (job arrays; configured under <c>Slurm</c>) and its monitor (under <c>Sweeps:Slurm</c>).
    /// Harmless where Slurm is not installed: nothing runs until a sweep asks for it, and that sweep then fails
    /// with "could not start 'sbatch'".
    /// </summary>
    public static IServiceCollection AddSlurmExecutor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSlurm(configuration);
        services.AddOptions<SlurmExecutorOptions>().Bind(configuration.GetSection(SlurmExecutorOptions.Section))
            .Validate(o => o.PollSeconds > 0, "Sweeps:Slurm:PollSeconds must be positive")
            .ValidateOnStart();
        services.TryAddSingleton<WorkerLaunch>();
        services.AddScoped<SlurmSweepSync>();
        services.AddSingleton<SlurmMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SlurmMonitor>());
        services.AddSingleton<SlurmExecutor>();
        services.AddSingleton<ISweepExecutor>(sp => sp.GetRequiredService<SlurmExecutor>());
        return services;
    }
}
