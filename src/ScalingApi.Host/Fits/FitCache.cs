using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ScalingApi.Host.Fits;

/// <summary>Options of the loaded-fit cache (section <c>FitCache</c>).</summary>
public sealed class FitCacheOptions
{
    public const string Section = "FitCache";

    /// <summary>
    /// Approximate bytes of deserialised fits kept in memory (a fit is charged three times its stored model JSON);
    /// least recently used fits go first. 0 turns the cache off.
    /// </summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;
}

/// <summary>
/// Deserialised fits by id. Fits are written once and never updated or deleted through the API, so an entry never goes
/// stale and needs no invalidation; the byte budget only bounds memory. Its own memory cache, like the plot cache, so
/// fits and plots do not evict each other.
/// </summary>
public sealed class FitCache(IOptions<FitCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.MaxBytes) });
    private readonly bool _enabled = options.Value.MaxBytes > 0;

    /// <summary>The cached fit, else <paramref name="load"/>'s (cached unless null: an unknown id may be created later).</summary>
    public IStoredFit? GetOrLoad(long fitId, Func<IStoredFit?> load)
    {
        if (_enabled && _cache.TryGetValue(fitId, out IStoredFit? cached)) return cached;
        var fit = load();
        if (fit is not null && _enabled)
            _cache.Set(fitId, fit, new MemoryCacheEntryOptions { Size = 3L * fit.Row.ModelJson.Length * sizeof(char) });
        return fit;
    }

    public void Dispose() => _cache.Dispose();
}
