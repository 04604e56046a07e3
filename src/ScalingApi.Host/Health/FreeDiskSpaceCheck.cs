using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScalingApi.Storage;

namespace ScalingApi.Host.Health;

/// <summary>Free space on the file system holding the database, against <see cref="StorageOptions.DegradedFreeBytes"/> and <see cref="StorageOptions.UnhealthyFreeBytes"/>.</summary>
public sealed class FreeDiskSpaceCheck(StorageOptions options) : IHealthCheck
{
    public const string Name = "diskSpace";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var free = new DriveInfo(options.DataDirectory).AvailableFreeSpace;
        var description = $"{free:N0} bytes free for the data directory";
        var data = new Dictionary<string, object> { ["freeBytes"] = free };
        return Task.FromResult(
            free < options.UnhealthyFreeBytes ? HealthCheckResult.Unhealthy($"{description}, below Storage:UnhealthyFreeBytes ({options.UnhealthyFreeBytes:N0}): writes will fail", data: data)
            : free < options.DegradedFreeBytes ? HealthCheckResult.Degraded($"{description}, below Storage:DegradedFreeBytes ({options.DegradedFreeBytes:N0})", data: data)
            : HealthCheckResult.Healthy(description, data));
    }
}
