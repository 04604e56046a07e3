using System.CommandLine;
using ScalingApi.Worker.Commands;

// Tiny dispatcher: each subcommand lives in Commands/ and registers itself here.
var root = new RootCommand("ScalingApi worker");
root.Subcommands.Add(SynthCorpusCommand.Create());
return await root.Parse(args).InvokeAsync();
