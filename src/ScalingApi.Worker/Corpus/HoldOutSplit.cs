using ScalingApi.Training.Data;

namespace ScalingApi.Worker.Corpus;

/// <summary>
/// The fixed train/validation split of one domain, so every run of a sweep (and every resume) evaluates on
/// the same held-out text. Documents are numbered in file order (files in the order the lease lists them);
/// every 20th document (numbers 19, 39, 59, …) is held out for validation, the rest is training text.
/// When that leaves too little validation text (fewer than <c>minimumValidationTokens</c>, e.g. a domain
/// of fewer than 20 documents or one huge document), the last 5% of the domain's tokens (at least the
/// minimum) are held out instead.
/// </summary>
public static class HoldOutSplit
{
    public const int HeldOutEvery = 20;
    public const double TailShare = 0.05;

    public static bool IsHeldOut(int documentNumber) => documentNumber % HeldOutEvery == HeldOutEvery - 1;

    /// <param name="tokens">The domain's whole token stream, documents back to back.</param>
    /// <param name="documentStarts">Start offset of every document in <paramref name="tokens"/>, ascending.</param>
    public static DomainTokens Split(string domain, int[] tokens, IReadOnlyList<int> documentStarts, int minimumValidationTokens)
    {
        var train = new List<int>(tokens.Length);
        var validation = new List<int>(tokens.Length / HeldOutEvery + 1);
        for (var d = 0; d < documentStarts.Count; d++)
        {
            var start = documentStarts[d];
            var end = d + 1 < documentStarts.Count ? documentStarts[d + 1] : tokens.Length;
            (IsHeldOut(d) ? validation : train).AddRange(tokens.AsSpan(start, end - start));
        }
        if (validation.Count >= minimumValidationTokens)
            return new DomainTokens(domain, train.ToArray(), validation.ToArray());

        var tail = Math.Max(minimumValidationTokens, (int)Math.Ceiling(tokens.Length * TailShare));
        if (tail >= tokens.Length)
            throw new InvalidDataException(
                $"domain '{domain}' has only {tokens.Length} tokens; it needs more than {tail} to hold out a validation set and still train");
        var cut = tokens.Length - tail;
        return new DomainTokens(domain, tokens.AsMemory(0, cut), tokens.AsMemory(cut));
    }
}
