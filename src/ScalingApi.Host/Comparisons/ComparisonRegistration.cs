using ScalingApi.Storage.Comparisons;

namespace ScalingApi.Host.Comparisons;

public static class ComparisonRegistration
{
    /// <summary>Mixture comparisons: candidates resolved through the mixture, saved-mixture and optimal-mixture services, trained as one sweep.</summary>
    public static IServiceCollection AddComparisons(this IServiceCollection services)
    {
        services.AddScoped<ComparisonStore>();
        services.AddScoped<ComparisonCandidates>();
        services.AddScoped<ComparisonLauncher>();
        services.AddScoped<ComparisonViews>();
        return services;
    }
}
