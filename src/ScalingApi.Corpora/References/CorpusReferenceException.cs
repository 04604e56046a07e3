namespace ScalingApi.Corpora.References;

/// <summary>A corpus reference the user supplied cannot be used. The message is safe to show to the caller (host maps it to 400).</summary>
public class CorpusReferenceException(string reference, string message) : Exception(message)
{
    public string Reference { get; } = reference;
}

/// <summary>The reference (via '..', an absolute path or a symlink) points outside every configured root.</summary>
public sealed class CorpusPathEscapeException(string reference, string message) : CorpusReferenceException(reference, message);

/// <summary>The reference is inside a root but names nothing readable (missing, or no supported corpus files).</summary>
public sealed class CorpusNotFoundException(string reference, string message) : CorpusReferenceException(reference, message);
