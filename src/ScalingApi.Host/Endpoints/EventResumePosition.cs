using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Endpoints;

/// <summary>Where a Server-Sent Events client resumes: its <c>Last-Event-ID</c> header, else <c>?after=</c>, else the start.</summary>
public static class EventResumePosition
{
    /// <returns>The sequence number to read after, or the 400 problem naming the bad field.</returns>
    public static (long After, ProblemHttpResult? Problem) Read(string? lastEventId, long? after)
    {
        long from = after ?? 0;
        if (!string.IsNullOrEmpty(lastEventId) && (!long.TryParse(lastEventId, out from) || from < 0))
            return (0, ApiProblems.Invalid([new FieldError("Last-Event-ID", "must be an event id (a non-negative integer)")]));
        if (from < 0) return (0, ApiProblems.Invalid([new FieldError("after", "must be ≥ 0")]));
        return (from, null);
    }
}
