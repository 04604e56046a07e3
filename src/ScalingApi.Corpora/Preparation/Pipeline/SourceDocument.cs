namespace ScalingApi.Corpora.Preparation.Pipeline;

/// <summary>A document as read: its text and its size in UTF-8 bytes (the unit of the byte counts).</summary>
internal readonly record struct SourceDocument(string Text, int Bytes);
