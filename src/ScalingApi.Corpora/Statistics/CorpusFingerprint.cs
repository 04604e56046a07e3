using System.Security.Cryptography;
using System.Text;

namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// A cheap content fingerprint of a file list: SHA-256 over each file's full path, size and last-write time
/// (UTC ticks), in list order. Touches only metadata, so it is instant even for huge corpora; any rewrite
/// of a file (new size or new modification time) or a change in the file set changes it.
/// </summary>
public static class CorpusFingerprint
{
    private const string Version = "corpus-fingerprint/v1";

    public static string Compute(IReadOnlyList<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Version + "\n"));
        foreach (var path in files)
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new FileNotFoundException($"Corpus file '{path}' disappeared.", path);
            hash.AppendData(Encoding.UTF8.GetBytes($"{info.FullName}\0{info.Length}\0{info.LastWriteTimeUtc.Ticks}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
