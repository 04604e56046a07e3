using System.CommandLine;
using ScalingApi.Worker.Commands;

// Tiny dispatcher: the command tree is built in Commands/WorkerCli.cs.
return await WorkerCli.Create().Parse(args).InvokeAsync();
