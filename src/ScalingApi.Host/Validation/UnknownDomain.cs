using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>
/// The one wording for a domain name that is not the experiment's (mixtures, weights, bounds, observations,
/// plots, corpora…): it lists the valid names, so a typo is fixed without a second request.
/// </summary>
public static class UnknownDomain
{
    public static string Rule(string? name, IEnumerable<string> domains) =>
        $"unknown domain '{EchoedValue.Of(name)}': the experiment's domains are {string.Join(", ", domains.Select(d => EchoedValue.Of(d)))}";
}
