namespace ScalingApi.SlurmSweeps.Tests;

/// <summary>
/// Tests against the real Slurm daemons (started by .ci/slurm-up.sh). They skip on a machine without
/// Slurm, but with CI=true a missing Slurm is a failure, not a skip.
/// </summary>
public sealed class SlurmFactAttribute : SkippableFactAttribute;

internal static class SlurmCluster
{
    public static void Require()
    {
        if (OnPath("sbatch")) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but sbatch is not on PATH: run .ci/slurm-up.sh before the tests.");
        Skip.If(true, "sbatch is not on PATH (run .ci/slurm-up.sh to start a single-node cluster)");
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}
