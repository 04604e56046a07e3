using System.Text.Json;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>
/// What the service wrote down about a worker it started: enough to find the process again after the
/// service itself died (<see cref="ProcessStart"/> guards against a reused pid) and to release its leases.
/// </summary>
public sealed record WorkerPidRecord(string WorkerId, long SweepId, int ProcessId, long ProcessStart);

/// <summary>
/// One file per running local worker, <c>&lt;data directory&gt;/workers/&lt;pid&gt;.json</c>, written when the
/// worker starts and removed when it exits. A file that outlives its service marks a worker that may
/// still be running unmanaged; the next start of the service finds it there.
/// </summary>
public sealed class WorkerPidFiles(string directory)
{
    public const string FolderName = "workers";

    public string Directory => directory;

    public void Write(WorkerPidRecord record)
    {
        CreateDirectory();
        var path = PathOf(record.ProcessId);
        var temporary = path + ".tmp";
        // written aside and renamed, so a crash mid-write never leaves a half file behind
        var owned = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) owned.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, owned))
        {
            JsonSerializer.Serialize(stream, record);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(int processId) => File.Delete(PathOf(processId));

    /// <summary>Every record on disk; unreadable files (left by a crash in an older layout) are removed.</summary>
    public IReadOnlyList<WorkerPidRecord> ReadAll()
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        var records = new List<WorkerPidRecord>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.json"))
        {
            try
            {
                records.Add(JsonSerializer.Deserialize<WorkerPidRecord>(File.ReadAllText(file))
                            ?? throw new JsonException("empty record"));
            }
            catch (JsonException)
            {
                File.Delete(file);
            }
        }
        return records;
    }

    private string PathOf(int processId) => Path.Combine(directory, $"{processId}.json");

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(directory);
        else System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
