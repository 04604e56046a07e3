namespace ScalingApi.Host.Auth;

/// <summary>Bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Keys accepted in <c>X-Api-Key</c>. Empty: a key is generated on first start (see <see cref="KeyFile"/>).</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Where the generated key lives; default <c>api-key</c> in the data directory.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Require the key on reads too (GET, HEAD), for teams whose experiment data is not public inside
    /// their network. <c>/health</c> and the Swagger UI stay open. Default false: reads are anonymous.
    /// </summary>
    public bool RequireKeyForReads { get; set; }
}
