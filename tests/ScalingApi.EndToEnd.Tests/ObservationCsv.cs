using System.Globalization;
using System.Text;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>Observation posts as the CSV a client sends: two domains per step, a plausible decaying loss.</summary>
public static class ObservationCsv
{
    public static string For(string run, int firstStep, int steps)
    {
        var csv = new StringBuilder("run,step,domain,loss\n");
        for (var step = firstStep; step < firstStep + steps; step++)
        {
            var loss = 2 + 3.0 / Math.Sqrt(step);
            csv.Append(run).Append(',').Append(step).Append(",web,").Append(loss.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            csv.Append(run).Append(',').Append(step).Append(",code,").Append((loss - 0.3).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }
}
