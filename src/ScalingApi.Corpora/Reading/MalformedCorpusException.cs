namespace ScalingApi.Corpora.Reading;

/// <summary>A corpus file has content that cannot be read as its format; names the file and 1-based line.</summary>
public sealed class MalformedCorpusException(string file, long line, string problem, Exception? inner = null)
    : Exception($"{file}, line {line}: {problem}", inner)
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public string Problem { get; } = problem;
}
