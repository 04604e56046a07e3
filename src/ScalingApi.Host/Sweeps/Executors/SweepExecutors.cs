namespace ScalingApi.Host.Sweeps.Executors;

/// <summary>The registered executors, looked up by the name a sweep request gives.</summary>
public sealed class SweepExecutors(IEnumerable<ISweepExecutor> executors)
{
    private readonly IReadOnlyDictionary<string, ISweepExecutor> _byName =
        executors.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _byName.Keys.ToArray();

    public ISweepExecutor? Find(string name) => _byName.GetValueOrDefault(name);
}
