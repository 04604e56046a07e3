using Xunit;
using ScalingApi.Api.Tests.Infrastructure;

namespace ScalingApi.Api.Tests.Storage;

/// <summary>
/// Issue 14: a test host's disposal cleared every SQLite pool in the process, closing the idle connections of the
/// test classes still running (their -wal and -shm files vanished between a write and the check that read them).
/// </summary>
public sealed class PoolIsolationTests
{
    [Fact]
    public async Task Disposing_one_host_leaves_the_pooled_connections_of_another_open()
    {
        await using var survivor = new ApiFactory();
        await survivor.Authorized().CreateExperiment(["a"]);
        var wal = survivor.DatabasePath + "-wal";
        Assert.True(File.Exists(wal), "a write leaves its pooled connection open, and with it the -wal file");

        await using (var other = new ApiFactory()) await other.Authorized().CreateExperiment(["b"]);

        Assert.True(File.Exists(wal), "disposing another host closed this host's connections (the last one to close removes -wal)");
    }
}
