using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ScalingApi.Slurm;

public static class SlurmServiceCollectionExtensions
{
    /// <summary>Binds <see cref="SlurmOptions"/> from the <c>Slurm</c> section and registers <see cref="SlurmClient"/>.</summary>
    public static IServiceCollection AddSlurm(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SlurmOptions>(configuration.GetSection(SlurmOptions.SectionName));
        services.AddSingleton(provider => new SlurmClient(provider.GetRequiredService<IOptions<SlurmOptions>>().Value));
        return services;
    }
}
