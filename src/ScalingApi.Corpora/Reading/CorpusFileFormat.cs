namespace ScalingApi.Corpora.Reading;

public enum CorpusFileKind { Text, JsonLines }

/// <summary>Which reader a file needs, decided by extension: .txt, .jsonl, and their .gz forms.</summary>
public static class CorpusFileFormat
{
    public const string SupportedExtensionsText = ".txt, .jsonl, .txt.gz, .jsonl.gz";

    public static bool IsSupported(string path) => TryGet(path, out _, out _);

    public static bool TryGet(string path, out CorpusFileKind kind, out bool gzipped)
    {
        var name = Path.GetFileName(path);
        gzipped = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (gzipped) name = name[..^3];
        kind = CorpusFileKind.Text;
        if (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) return true;
        kind = CorpusFileKind.JsonLines;
        return name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
    }
}
