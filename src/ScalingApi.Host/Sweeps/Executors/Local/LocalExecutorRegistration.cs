namespace ScalingApi.Host.Sweeps.Executors.Local;

public static class LocalExecutorRegistration
{
    /// <summary>The <c>local</c> executor: worker child processes on this machine (configured under Sweeps:Local).</summary>
    public static IServiceCollection AddLocalExecutor(this IServiceCollection services)
    {
        services.AddSingleton<WorkerLaunch>();
        services.AddSingleton<LocalExecutor>();
        services.AddSingleton<ISweepExecutor>(sp => sp.GetRequiredService<LocalExecutor>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalExecutor>());
        return services;
    }
}
