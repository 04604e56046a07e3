using ScalingApi.Host.Errors;
using ScalingApi.Laws.Schedules;
using Xunit;

namespace ScalingApi.Api.Tests.Errors;

/// <summary>
/// Issue 14: every ArgumentException became a 400 carrying its .NET message, so a host bug (a duplicate key in a
/// dictionary the host builds) looked like the client's fault. Only the numerics' own input checks are 400s now.
/// </summary>
public sealed class NumericsInputErrorTests
{
    [Fact]
    public void An_input_check_of_the_numerics_is_the_callers_input()
    {
        var schedule = new LrSchedule(LrScheduleKind.Constant, 1e-3, 0, 100, 1e-3);
        var error = Assert.ThrowsAny<ArgumentException>(() => schedule.At(0));
        Assert.True(NumericsInputError.Is(error));
    }

    [Fact]
    public void A_duplicate_key_in_the_hosts_own_dictionary_is_not()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new[] { "web", "web" }.ToDictionary(name => name));
        Assert.False(NumericsInputError.Is(error));
    }

    [Fact]
    public void A_framework_argument_check_is_not()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Path.Combine("a", null!));
        Assert.False(NumericsInputError.Is(error));
    }
}
