using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ScalingApi.Host.Errors;

/// <summary>
/// The single shape of every 4xx: RFC 9457 problem details whose <c>errors</c> extension lists
/// <see cref="FieldError"/>s and whose <c>detail</c> repeats them as one readable sentence.
/// </summary>
public static class ApiProblems
{
    /// <summary>Enough errors to fix a request in one round trip without echoing a whole bad upload back.</summary>
    public const int MaxReportedErrors = 100;

    /// <summary>A rule is a sentence plus an echoed value or two; anything longer is a value that escaped <see cref="EchoedValue"/>.</summary>
    public const int MaxRuleLength = 1000;

    /// <param name="totalErrors">All the broken rules, when <paramref name="errors"/> holds only the first of them.</param>
    public static ProblemDetails Create(int status, string title, IReadOnlyList<FieldError> errors, int? totalErrors = null)
    {
        // the net under every echo site: no field or rule may carry a client's upload back whole
        var shown = errors.Take(MaxReportedErrors)
            .Select(e => e with { Field = EchoedValue.Of(e.Field), Rule = EchoedValue.Of(e.Rule, MaxRuleLength) }).ToList();
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Type = $"https://httpstatuses.io/{status}",
            Detail = string.Join("; ", shown.Select(e => e.Line is { } line ? $"line {line}: {e.Field}: {e.Rule}" : $"{e.Field}: {e.Rule}")),
            Extensions = { ["errors"] = shown },
        };
        var total = Math.Max(totalErrors ?? errors.Count, errors.Count);
        if (total > shown.Count)
        {
            problem.Extensions["moreErrors"] = total - shown.Count;
            problem.Extensions["totalErrors"] = total;
        }
        return problem;
    }

    public static ProblemDetails Create(HttpProblem problem) => Create(problem.Status, problem.Title, problem.Errors, problem.TotalErrors);

    /// <summary>A domain refusal as the typed result a handler returns (the same body the exception handler would write).</summary>
    public static ProblemHttpResult From(DomainException refusal) => TypedResults.Problem(Create(HttpProblem.From(refusal)));

    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) => From(new InvalidInputException(errors));

    public static ProblemHttpResult NotFound(string field, string rule) => From(new NotFoundException(field, rule));
}
