using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ScalingApi.Host.Plots;

/// <summary>Options of the rendered-plot cache (section <c>Plots</c>).</summary>
public sealed class PlotOptions
{
    public const string Section = "Plots";

    /// <summary>Bytes of rendered images kept in memory; least recently used ones go first.</summary>
    public long CacheBytes { get; set; } = 64 * 1024 * 1024;
}

/// <summary>
/// Rendered plots by key. Its own memory cache with a byte budget, so plots can neither crowd out nor be
/// crowded out by anything else the host caches.
/// </summary>
public sealed class PlotCache(IOptions<PlotOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheBytes });

    public PlotImage GetOrRender(object key, Func<PlotImage> render) =>
        _cache.GetOrCreate(key, entry =>
        {
            var image = render();
            entry.Size = image.Bytes.Length;
            return image;
        })!;

    public void Dispose() => _cache.Dispose();
}
