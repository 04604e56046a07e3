using ScalingApi.Training.Checkpoints;

namespace ScalingApi.Training.Tests;

public class CheckpointStoreTests
{
    [Fact]
    public void LatestIgnoresUnfinishedWritesAndIncompleteDirectories()
    {
        var root = Directory.CreateTempSubdirectory("proxy-store-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "step-00000010"));
            File.WriteAllText(Path.Combine(root, "step-00000010", "state.json"), "{}");
            Directory.CreateDirectory(Path.Combine(root, "step-00000020"));           // no state.json: not complete
            Directory.CreateDirectory(Path.Combine(root, ".tmp-30-abc"));             // a write that never finished
            File.WriteAllText(Path.Combine(root, ".tmp-30-abc", "state.json"), "{}");

            Assert.Equal(Path.Combine(root, "step-00000010"), new CheckpointStore(root, keep: 2).Latest());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
