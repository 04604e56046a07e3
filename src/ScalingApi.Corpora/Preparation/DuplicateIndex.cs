using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// What deduplication remembers: exact fingerprints and MinHash signatures of the documents kept so far. One
/// index per domain, or one shared by all domains of a job (<see cref="PreparationStages.AcrossDomains"/>).
/// <see cref="Fingerprint"/> and <see cref="Signature"/> are pure and thread-safe (the costly part, run in
/// parallel); <see cref="TryAdd"/> is not thread-safe and is called in document order, so the first copy wins.
/// </summary>
/// <remarks>
/// Both stages compare the normal form of <see cref="TextNormalisation"/> (lower case, white space collapsed and
/// trimmed). Exact: XxHash128 of the normal form's UTF-16 code units, in a set. Near: MinHash over word n-grams
/// (<see cref="MinHasher"/>), LSH with <see cref="NearDedupStage.Bands"/> bands of Permutations/Bands rows
/// (<see cref="LshBuckets"/>); a document sharing a bucket with a kept document is a duplicate when the share of equal
/// signature entries (the MinHash estimate of the Jaccard similarity) reaches <see cref="NearDedupStage.Threshold"/>.
/// Memory per kept document: 4·Permutations bytes of signature + about 21 bytes per band + about 36 bytes for the exact
/// fingerprint (≈ 0.9 GB per million documents at the defaults; see docs/deduplication.md for the measurement).
/// </remarks>
public sealed class DuplicateIndex
{
    public const string ExactStage = "exact-dedup";
    public const string NearStage = "near-dedup";

    /// <summary>Upper bound on <see cref="NearDedupStage.Permutations"/>: 4 KiB of signature per document is already
    /// far past the point where the Jaccard estimate stops improving the decision.</summary>
    public const int MaxPermutations = 1024;

    private readonly HashSet<UInt128> _fingerprints = [];
    private readonly MinHasher? _hasher;
    private readonly LshBuckets? _buckets;
    private readonly ChunkedArray<uint>? _signatures;
    private readonly int _matchesNeeded;
    private readonly ulong[] _bandKeys;
    private readonly HashSet<int> _visited = [];
    private readonly Func<int, bool> _isNearDuplicateOfCurrent;
    private uint[] _current = [];

    public DuplicateIndex(ExactDedupStage? exact, NearDedupStage? near)
    {
        Exact = exact;
        Near = near;
        _isNearDuplicateOfCurrent = IsNearDuplicateOfCurrent;
        _bandKeys = [];
        if (near is null) return;
        Validate(near);
        _hasher = new MinHasher(near.NGram, near.Permutations, near.Seed);
        _buckets = new LshBuckets(near.Bands, near.Permutations / near.Bands, near.Seed);
        _signatures = new ChunkedArray<uint>(near.Permutations);
        // equal entries needed, counted in integers so the decision does not depend on floating-point rounding
        _matchesNeeded = (int)Math.Ceiling(near.Threshold * near.Permutations - 1e-9);
        _bandKeys = new ulong[near.Bands];
    }

    public ExactDedupStage? Exact { get; }
    public NearDedupStage? Near { get; }

    /// <summary>Hash of the normalised text (null when exact dedup is off).</summary>
    public UInt128? Fingerprint(string text)
    {
        if (Exact is null) return null;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            var length = TextNormalisation.Normalise(text, buffer);
            return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>MinHash signature of the text's word n-grams (null when near dedup is off).</summary>
    public uint[]? Signature(string text)
    {
        if (_hasher is null) return null;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            var length = TextNormalisation.Normalise(text, buffer);
            return _hasher.Signature(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds the document if it is new; otherwise returns the stage that found it a duplicate
    /// ("exact-dedup" or "near-dedup") and leaves the index unchanged.</summary>
    public string? TryAdd(UInt128? fingerprint, uint[]? signature)
    {
        if (signature is not null && (_hasher is null || signature.Length != _hasher.Permutations))
            throw new ArgumentException(_hasher is null
                ? "A signature was given but near-duplicate removal is off."
                : $"A signature has {_hasher.Permutations} values (NearDedup.Permutations), not {signature.Length}.", nameof(signature));
        if (fingerprint is { } print && _fingerprints.Contains(print)) return ExactStage;
        if (signature is not null)
        {
            _buckets!.Keys(signature, _bandKeys);
            _current = signature;
            _visited.Clear();
            if (_buckets.Any(_bandKeys, _isNearDuplicateOfCurrent)) return NearStage;
            _buckets.Add(_bandKeys);
            _signatures!.Add(signature);
        }
        if (fingerprint is { } added) _fingerprints.Add(added);
        Documents++;
        return null;
    }

    public long Documents { get; private set; }

    /// <summary>Bytes held by fingerprints, signatures and LSH buckets (the stage's memory, reported per job).</summary>
    /// <remarks>A HashSet entry of a UInt128 is 32 bytes (hash code, next link, the 16-byte-aligned value) plus a
    /// 4-byte bucket, per slot of its capacity.</remarks>
    public long EstimatedBytes =>
        _fingerprints.Capacity * 36L + (_signatures?.AllocatedBytes ?? 0) + (_buckets?.AllocatedBytes ?? 0);

    private bool IsNearDuplicateOfCurrent(int document)
    {
        if (!_visited.Add(document)) return false;
        var kept = _signatures![document];
        var matches = 0;
        for (var i = 0; i < kept.Length; i++)
            if (kept[i] == _current[i]) matches++;
        return matches >= _matchesNeeded;
    }

    private static void Validate(NearDedupStage near)
    {
        if (near.NGram < 1)
            throw new ArgumentException($"NearDedup.NGram must be at least 1 (was {near.NGram}).", nameof(NearDedupStage.NGram));
        if (near.Permutations is < 1 or > MaxPermutations)
            throw new ArgumentException($"NearDedup.Permutations must be between 1 and {MaxPermutations} (was {near.Permutations}).", nameof(NearDedupStage.Permutations));
        if (near.Bands < 1 || near.Permutations % near.Bands != 0)
            throw new ArgumentException($"NearDedup.Bands must be a positive divisor of NearDedup.Permutations ({near.Permutations}); was {near.Bands}.", nameof(NearDedupStage.Bands));
        if (!(near.Threshold is > 0 and <= 1))
            throw new ArgumentException($"NearDedup.Threshold must be in (0, 1] (was {near.Threshold}).", nameof(NearDedupStage.Threshold));
    }
}
