namespace ScalingApi.Storage;

/// <summary>Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Path of the single SQLite database file; its directory is the service's data directory.</summary>
    public string DatabasePath { get; set; } = "./data/scalingapi.db";

    /// <summary>How long a writer waits for another writer's lock before failing.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>Free space on the data directory's file system below which /health reports Degraded.</summary>
    public long DegradedFreeBytes { get; set; } = 1L << 30;

    /// <summary>Free space below which /health reports Unhealthy (writes are about to fail with "storage is full").</summary>
    public long UnhealthyFreeBytes { get; set; } = 64L << 20;

    public string DataDirectory => Path.GetDirectoryName(Path.GetFullPath(DatabasePath))!;
}
