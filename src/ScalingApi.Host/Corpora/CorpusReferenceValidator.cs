using ScalingApi.Contracts;
using ScalingApi.Corpora.References;
using ScalingApi.Host.Validation;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Corpora;

/// <summary>The corpus rules of <c>POST /api/experiments</c>: a known tokenizer, and every reference resolvable inside a root.</summary>
public static class CorpusReferenceValidator
{
    public const int MaxReferenceLength = 1000;

    public static List<FieldError> Validate(CreateExperimentRequest request, CorpusReferences references)
    {
        var errors = new List<FieldError>();
        FieldRules.Tokenizer(request.Tokenizer, "tokenizer", errors);
        if (request.Domains is null) return errors;
        for (var i = 0; i < request.Domains.Count; i++)
        {
            if (request.Domains[i]?.Corpus is not { } reference) continue;
            var field = $"domains[{i}].corpus";
            if (string.IsNullOrWhiteSpace(reference)) errors.Add(new(field, "must not be blank (omit it for a domain without a corpus)"));
            else if (reference.Length > MaxReferenceLength) errors.Add(new(field, $"must be at most {MaxReferenceLength} characters"));
            else if (Problem(reference, references) is { } rule) errors.Add(new(field, rule));
        }
        return errors;
    }

    /// <returns>Why the reference cannot be used, or null when it resolves to at least one corpus file inside a root.</returns>
    public static string? Problem(string reference, CorpusReferences references)
    {
        try
        {
            references.Resolve(reference);
            return null;
        }
        catch (CorpusPathEscapeException e) { return "must stay inside the configured corpus roots (Corpora:Roots): " + e.Message; }
        catch (CorpusReferenceException e) { return "must name a corpus file, folder or glob under a configured root: " + e.Message; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "cannot be read: " + e.Message;
        }
    }
}
