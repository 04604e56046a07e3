using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Host.MixtureMethods;

namespace ScalingApi.Api.Tests.MixtureMethods;

/// <summary>The sweep test host (recording executor, the test plays the worker) with the coordinator's timer parked: tests call <see cref="Advance"/>.</summary>
public sealed class MixtureMethodApiFactory : SweepApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["MixtureMethods:PollSeconds"] = "3600",
    };

    public Task Advance() => Services.GetRequiredService<MixtureMethodCoordinator>().AdvanceAllAsync(CancellationToken.None);
}
