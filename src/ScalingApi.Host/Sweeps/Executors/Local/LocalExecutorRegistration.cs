using Microsoft.Extensions.Options;
using ScalingApi.Storage;

namespace ScalingApi.Host.Sweeps.Executors.Local;

public static class LocalExecutorRegistration
{
    /// <summary>The <c>local</c> executor: worker child processes on this machine (configured under Sweeps:Local).</summary>
    public static IServiceCollection AddLocalExecutor(this IServiceCollection services)
    {
        services.AddOptions<SweepOptions>()
            .Validate(o => o.Local.OrphanStopSeconds >= 0, "Sweeps:Local:OrphanStopSeconds must not be negative");
        services.AddSingleton<WorkerLaunch>();
        services.AddSingleton(sp => new WorkerPidFiles(Path.Combine(sp.GetRequiredService<StorageOptions>().DataDirectory, WorkerPidFiles.FolderName)));
        services.AddSingleton<OrphanWorkers>();
        services.AddSingleton<LocalExecutor>();
        services.AddSingleton<ISweepExecutor>(sp => sp.GetRequiredService<LocalExecutor>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalExecutor>());
        return services;
    }
}
