using System.Diagnostics;
using System.Reflection;
using ScalingApi.Corpora.References;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Host.Errors;

/// <summary>
/// Which argument exceptions are the caller's input. The numerics (Laws, Corpora) check their own inputs and
/// say what is wrong in words a client can act on; anything the host let through to them is still the request's
/// fault, so those become 400s. An argument exception from anywhere else (a duplicate key in the host's own
/// dictionary, a framework call) is a bug of the service: a 500 that shows no .NET text.
/// </summary>
public static class NumericsInputError
{
    private static readonly Assembly[] Numerics = [typeof(BiMixFitter).Assembly, typeof(CorpusReferenceResolver).Assembly];
    private static readonly Assembly CoreLibrary = typeof(object).Assembly;

    /// <summary>True when the first frame outside the core library (throw helpers live there) is in the numerics.</summary>
    public static bool Is(ArgumentException exception)
    {
        var thrower = new StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Select(frame => frame.GetMethod()?.DeclaringType?.Assembly)
            .FirstOrDefault(assembly => assembly is not null && assembly != CoreLibrary);
        return thrower is not null && Numerics.Contains(thrower);
    }
}
