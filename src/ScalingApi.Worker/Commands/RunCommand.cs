using System.CommandLine;
using ScalingApi.Worker.Api;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Commands;

/// <summary>
/// <c>run</c>: claim runs of a sweep from the service and train them. The same options also work without the
/// word <c>run</c> (see <see cref="AddTo"/>), because a Slurm batch script may invoke the worker bare.
/// </summary>
public static class RunCommand
{
    public const int ConfigurationError = 2;

    /// <param name="execute">What to do with the parsed settings; the real worker loop unless a test replaces it.</param>
    public static Command Create(Func<WorkerSettings, CancellationToken, Task<int>>? execute = null)
    {
        var command = new Command("run", "Claim runs of a sweep from the service, train them, post their losses.");
        AddTo(command, execute);
        return command;
    }

    /// <summary>Adds the run options and action to an existing command (the root command, for bare invocations).</summary>
    public static void AddTo(Command command, Func<WorkerSettings, CancellationToken, Task<int>>? execute = null)
    {
        var apiUrl = new Option<Uri>("--api-url")
        {
            Description = "Base URL of the ScalingApi service, e.g. http://login01:5000/.",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
                result.AddError($"--api-url must be an absolute http(s) URL, not '{text}'");
                return null;
            },
        };
        var sweep = new Option<string>("--sweep") { Description = "Id of the sweep whose runs to train.", Required = true };
        var taskIndex = new Option<int?>("--task-index") { Description = "Train only the run with this index (a Slurm array task id); default: any pending run." };
        var checkpointDir = new Option<DirectoryInfo>("--checkpoint-dir") { Description = "Root for checkpoints; a run lives in <dir>/sweep-<id>/run-<runId>/. Use a shared file system on clusters.", Required = true };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads; default: libtorch's choice." };
        var workerId = new Option<string>("--worker-id") { Description = "Name reported to the service.", DefaultValueFactory = _ => WorkerSettings.DefaultWorkerId() };
        var maxRuns = new Option<int?>("--max-runs") { Description = "Stop after this many leases; default: claim until the service has nothing left." };
        var saveEvery = new Option<int?>("--save-every") { Description = "Save a resumable checkpoint every N steps; default: a tenth of the run." };
        var stopGrace = new Option<int>("--stop-grace-seconds") { Description = "On SIGTERM/SIGUSR1, cancel training if it has not stopped after this long (it normally saves and stops within one step).", DefaultValueFactory = _ => 20 };
        foreach (var option in new Option[] { apiUrl, sweep, taskIndex, checkpointDir, threads, workerId, maxRuns, saveEvery, stopGrace })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetValue(taskIndex) is < 0) result.AddError("--task-index must be non-negative");
            if (result.GetValue(threads) is < 1) result.AddError("--threads must be at least 1");
            if (result.GetValue(maxRuns) is < 1) result.AddError("--max-runs must be at least 1");
            if (result.GetValue(saveEvery) is < 1) result.AddError("--save-every must be at least 1");
            if (result.GetValue(stopGrace) < 0) result.AddError("--stop-grace-seconds must be non-negative");
        });

        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new WorkerSettings(
                ApiUrl: parse.GetValue(apiUrl)!,
                ApiKey: Environment.GetEnvironmentVariable(WorkerSettings.ApiKeyVariable),
                SweepId: parse.GetValue(sweep)!,
                TaskIndex: parse.GetValue(taskIndex),
                CheckpointRoot: parse.GetValue(checkpointDir)!.FullName,
                WorkerId: parse.GetValue(workerId)!,
                Threads: parse.GetValue(threads),
                MaxRuns: parse.GetValue(maxRuns),
                SaveEvery: parse.GetValue(saveEvery),
                StopGrace: TimeSpan.FromSeconds(parse.GetValue(stopGrace)));
            return (execute ?? ExecuteAsync)(settings, cancellationToken);
        });
    }

    public static async Task<int> ExecuteAsync(WorkerSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            Console.Error.WriteLine($"worker: set the API key in the environment variable {WorkerSettings.ApiKeyVariable}");
            return ConfigurationError;
        }
        using var signals = new StopSignals();
        using var http = WorkerApiClient.CreateHttpClient(settings.ApiUrl, settings.ApiKey, TimeSpan.FromSeconds(100));
        var loop = new LeaseLoop(new WorkerApiClient(http), settings, signals, TransientRetry.Default);
        try
        {
            return await loop.RunAsync();
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"worker: giving up on the service: {e.Message}");
            return 1;
        }
    }
}
