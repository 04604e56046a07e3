using System.Globalization;
using System.Text.Json;
using ScalingApi.Training.Model;
using static TorchSharp.torch;

namespace ScalingApi.Training.Checkpoints;

/// <summary>
/// Checkpoints under one directory, one sub-directory per step ("step-00000100"). Each is written into a
/// temporary sibling and renamed into place, so a crash mid-write never leaves a half checkpoint that
/// looks complete; the latest complete one is what Resume loads.
/// </summary>
public sealed class CheckpointStore
{
    private const string Prefix = "step-";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string RngFile = "rng.bin";
    private const string StateFile = "state.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string _root;
    private readonly int _keep;

    public CheckpointStore(string root, int keep)
    {
        this._root = root;
        this._keep = keep;
        Directory.CreateDirectory(root);
    }

    public string Save(CheckpointState state, GptModel model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var finalPath = Path.Combine(_root, Prefix + state.Step.ToString("D8", CultureInfo.InvariantCulture));
        var temp = Path.Combine(_root, $".tmp-{state.Step}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, ModelFile));
        optimizer.save_state_dict(Path.Combine(temp, OptimizerFile));
        using (var rng = Generator.Default.get_state())
            File.WriteAllBytes(Path.Combine(temp, RngFile), rng.data<byte>().ToArray());
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));
        // Survive a machine crash, not only a process kill: data must be on disk before the rename publishes it.
        foreach (var file in Directory.EnumerateFiles(temp)) FlushToDisk(file);
        if (Directory.Exists(finalPath)) Directory.Delete(finalPath, recursive: true);
        Directory.Move(temp, finalPath);
        Prune();
        return finalPath;
    }

    /// <summary>The newest complete checkpoint directory, or null when there is none.</summary>
    public string? Latest() => Complete().LastOrDefault().Path;

    public CheckpointState Load(string path, GptModel model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(path, StateFile)), Json)
                    ?? throw new InvalidDataException($"empty checkpoint state in {path}");
        model.load(Path.Combine(path, ModelFile));
        optimizer.load_state_dict(Path.Combine(path, OptimizerFile));
        var rngBytes = File.ReadAllBytes(Path.Combine(path, RngFile));
        using var rng = tensor(rngBytes, dtype: ScalarType.Byte);
        Generator.Default.set_state(rng);
        return state;
    }

    /// <summary>The non-tensor state of a checkpoint directory, without loading any tensor.</summary>
    public static CheckpointState ReadState(string path)
    {
        var file = Path.Combine(path, StateFile);
        if (!File.Exists(file)) throw new FileNotFoundException($"{path} is not a complete checkpoint (no {StateFile})", file);
        return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(file), Json)
               ?? throw new InvalidDataException($"empty checkpoint state in {path}");
    }

    /// <summary>Loads only the model weights of a checkpoint (a reference or embedding model, not a run to resume).</summary>
    public static void LoadModel(string path, GptModel model) => model.load(Path.Combine(path, ModelFile));

    private static void FlushToDisk(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    private IEnumerable<(int Step, string Path)> Complete() =>
        Directory.EnumerateDirectories(_root, Prefix + "*")
            .Where(d => File.Exists(Path.Combine(d, StateFile)))
            .Select(d => (Ok: int.TryParse(Path.GetFileName(d)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var s), Step: s, Path: d))
            .Where(c => c.Ok)
            .Select(c => (c.Step, c.Path))
            .OrderBy(c => c.Step);

    private void Prune()
    {
        foreach (var (_, path) in Complete().SkipLast(_keep)) Directory.Delete(path, recursive: true);
        foreach (var stale in Directory.EnumerateDirectories(_root, ".tmp-*")) Directory.Delete(stale, recursive: true);
    }
}
