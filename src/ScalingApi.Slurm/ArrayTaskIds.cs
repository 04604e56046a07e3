using System.Globalization;

namespace ScalingApi.Slurm;

/// <summary>Reads array job ids as Slurm prints them: <c>123</c>, <c>123_4</c>, <c>123_[5-7%2]</c>, <c>123_[1,3,5-7]</c>.</summary>
public static class ArrayTaskIds
{
    /// <summary>Splits a printed id into the array job id and the task indices it covers (empty for a plain job).</summary>
    public static (string JobId, IReadOnlyList<int> TaskIndices) Parse(string printedId)
    {
        var text = printedId.Trim();
        var underscore = text.IndexOf('_');
        if (underscore < 0)
            return (text, []);
        var jobId = text[..underscore];
        var tasks = text[(underscore + 1)..].Trim('[', ']');
        return (jobId, ParseTaskSpec(tasks));
    }

    /// <summary>Expands a task spec such as <c>5-7%2</c>, <c>1,3,8-10</c> or <c>0-10:2</c> into indices.</summary>
    public static IReadOnlyList<int> ParseTaskSpec(string spec)
    {
        var throttle = spec.IndexOf('%');
        if (throttle >= 0) spec = spec[..throttle];
        var indices = new List<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (range, step) = SplitStep(part);
            var dash = range.IndexOf('-');
            if (dash < 0)
            {
                indices.Add(ParseIndex(range, spec));
                continue;
            }
            var first = ParseIndex(range[..dash], spec);
            var last = ParseIndex(range[(dash + 1)..], spec);
            for (var i = first; i <= last; i += step)
                indices.Add(i);
        }
        return indices;
    }

    private static (string Range, int Step) SplitStep(string part)
    {
        var colon = part.IndexOf(':');
        if (colon < 0) return (part, 1);
        var step = ParseIndex(part[(colon + 1)..], part);
        if (step < 1) throw new FormatException($"Array step must be positive in '{part}'.");
        return (part[..colon], step);
    }

    private static int ParseIndex(string text, string context) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not an array task index in '{context}'.");
}
