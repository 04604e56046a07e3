using System.CommandLine;
using ScalingApi.Worker.Commands;

// Tiny dispatcher: each subcommand lives in Commands/ and registers itself here.
var root = new RootCommand("ScalingApi worker");
root.Subcommands.Add(SynthCorpusCommand.Create());
root.Subcommands.Add(RunCommand.Create());
// Bare `scalingapi-worker --api-url … --sweep …` means `run` (Slurm's default worker arguments are empty).
RunCommand.AddTo(root);
return await root.Parse(args).InvokeAsync();
