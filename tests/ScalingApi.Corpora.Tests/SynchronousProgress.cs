namespace ScalingApi.Corpora.Tests;

/// <summary>An <see cref="IProgress{T}"/> that runs its callback on the reporting thread, at once (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool), so tests see every report in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
