namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// What every soak test owns: a fresh data directory and the service process it runs (started, killed and
/// started again by the test). Disposal stops the service that is still running and deletes the directory.
/// </summary>
public abstract class SoakTest(string name) : IDisposable
{
    protected string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"scalingapi-{name}-" + Guid.NewGuid().ToString("N"));

    protected ServiceProcess? Service { get; set; }

    /// <summary>Called once the service has stopped, before the directory goes: whatever else the test left running.</summary>
    protected virtual void StopLeftovers() { }

    public void Dispose()
    {
        Service?.Dispose();
        StopLeftovers();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
