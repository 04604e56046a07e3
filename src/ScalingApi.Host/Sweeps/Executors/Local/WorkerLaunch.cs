using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ScalingApi.Host.Auth;
using ScalingApi.Storage;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>One worker process to start: program, arguments and environment.</summary>
public sealed record WorkerStart(string Program, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Builds the command line of a local worker: <c>{WorkerCommand} {WorkerArguments…} run --api-url … --sweep … --checkpoint-dir …</c>,
/// with the API key in <c>SCALINGAPI_API_KEY</c> (never on the command line, where <c>ps</c> shows it) and the
/// worker id in <c>SCALINGAPI_WORKER_ID</c>.
/// </summary>
public sealed class WorkerLaunch(
    IOptions<SweepOptions> options, IOptions<AuthOptions> auth, ApiKeyStore keys, StorageOptions storage, IServer server)
{
    public const string ApiKeyVariable = "SCALINGAPI_API_KEY";
    public const string WorkerIdVariable = "SCALINGAPI_WORKER_ID";
    public const string WorkerAssemblyFile = "scalingapi-worker.dll";

    /// <exception cref="InvalidOperationException">No worker program or no service URL can be determined; the message says which setting to set.</exception>
    public WorkerStart For(long sweepId, string workerId)
    {
        var local = options.Value.Local;
        var (program, prefix) = local.WorkerCommand is { Length: > 0 } command
            ? (command, local.WorkerArguments ?? [])
            : (DotnetHost(), [DefaultWorkerAssembly(), .. local.WorkerArguments ?? []]);
        // the worker keeps each run under <root>/sweep-<id>/run-<runId>/, so a retry on any worker finds the checkpoint
        var arguments = prefix.Concat(["run", "--api-url", ApiUrl(), "--sweep", sweepId.ToString(), "--checkpoint-dir", CheckpointRoot()]).ToList();
        var environment = new Dictionary<string, string>(local.Environment)
        {
            [ApiKeyVariable] = ApiKey(),
            [WorkerIdVariable] = workerId,
        };
        return new WorkerStart(program, arguments, environment);
    }

    public string CheckpointRoot() =>
        Path.GetFullPath(options.Value.CheckpointDirectory ?? Path.Combine(storage.DataDirectory, "checkpoints"));

    /// <summary>Sweeps:ApiUrl, else the server's first bound address with a wildcard host replaced by localhost.</summary>
    public string ApiUrl()
    {
        if (options.Value.ApiUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server has no bound address yet; set Sweeps:ApiUrl.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "localhost";
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The first configured key, or the generated one (read from its file).</summary>
    public string ApiKey() =>
        auth.Value.ApiKeys.FirstOrDefault(k => !string.IsNullOrWhiteSpace(k))
        ?? (keys.KeyFile is { } file ? File.ReadAllText(file).Trim() : throw new InvalidOperationException("No API key available for workers."));

    /// <summary>The dotnet host running this service (so a worker uses the same runtime), else <c>dotnet</c> from PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>
    /// Where the worker CLI is: next to the service in the container (<c>worker/</c>), or — from a source
    /// checkout — the Worker project's build output, whose path the Host project records at build time.
    /// </summary>
    private static string DefaultWorkerAssembly()
    {
        var built = typeof(WorkerLaunch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WorkerAssembly")?.Value;
        string?[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "worker", WorkerAssemblyFile),
            Path.Combine(AppContext.BaseDirectory, WorkerAssemblyFile),
            built,
        ];
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   $"Worker CLI not found (looked for {string.Join(", ", candidates.Where(c => c is not null))}); build src/ScalingApi.Worker or set Sweeps:Local:WorkerCommand.");
    }
}
