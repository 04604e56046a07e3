using System.CommandLine;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Commands;

/// <summary>The worker's command tree: <c>run</c>, <c>synth-corpus</c>, and bare run options on the root.</summary>
public static class WorkerCli
{
    /// <param name="execute">Replaces the training loop behind <c>run</c> (tests check parsing with it).</param>
    public static RootCommand Create(Func<WorkerSettings, CancellationToken, Task<int>>? execute = null)
    {
        var root = new RootCommand("ScalingApi worker: trains proxy runs leased from the ScalingApi service.");
        root.Subcommands.Add(SynthCorpusCommand.Create());
        root.Subcommands.Add(RunCommand.Create(execute));
        // Bare `scalingapi-worker --api-url … --sweep …` means `run` (Slurm's default worker arguments are empty).
        RunCommand.AddTo(root, execute);
        return root;
    }
}
