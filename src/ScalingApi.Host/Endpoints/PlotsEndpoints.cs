using ScalingApi.Host.Plots;

namespace ScalingApi.Host.Endpoints;

/// <summary>Figures as SVG (or PNG, same path with .png), each under the resource it shows.</summary>
public static class PlotsEndpoints
{
    public static IEndpointRouteBuilder MapPlots(this IEndpointRouteBuilder routes)
    {
        var fits = routes.MapGroup("/api/fits/{id:long}/plots").WithTags("Plots").WithProblemResponses();
        MapBoth(fits, "curves", "FitCurvesPlot", FitCurves);
        MapBoth(fits, "mixtures", "FitMixturesPlot", FitMixtures, StatusCodes.Status422UnprocessableEntity);
        MapBoth(routes.MapGroup("/api/sweeps/{id:long}/plots").WithTags("Plots").WithProblemResponses(), "losses", "SweepLossesPlot", SweepLosses);
        MapBoth(routes.MapGroup("/api/experiments/{id:long}/plots").WithTags("Plots").WithProblemResponses(), "corpus-stats", "CorpusStatsPlot", CorpusStats);
        return routes;
    }

    /// <summary>Maps <c>{name}.svg</c> and <c>{name}.png</c> to one handler that takes the format.</summary>
    /// <param name="refusals">The handler's own problem statuses (beyond those every route of the group declares).</param>
    private static void MapBoth(RouteGroupBuilder group, string name, string endpointName, Delegate handler, params int[] refusals)
    {
        var svg = group.MapGet($"/{name}.svg", handler).WithName(endpointName)
            .WithMetadata(new PlotFormatMetadata(PlotFormat.Svg)).Produces(StatusCodes.Status200OK, contentType: PlotImage.SvgType);
        var png = group.MapGet($"/{name}.png", handler).WithName(endpointName + "Png")
            .WithMetadata(new PlotFormatMetadata(PlotFormat.Png)).Produces(StatusCodes.Status200OK, contentType: PlotImage.PngType);
        foreach (var status in refusals)
        {
            svg.ProducesProblem(status);
            png.ProducesProblem(status);
        }
    }

    /// <summary>Which encoding a mapped route serves, so both routes share a handler.</summary>
    private sealed record PlotFormatMetadata(PlotFormat Format);

    private static PlotFormat Format(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<PlotFormatMetadata>()?.Format ?? PlotFormat.Svg;

    /// <summary>A fit's curves for one domain: observed losses per run, the fitted law per run, its 95 % bootstrap band, held-out points as open squares; log–log axes.</summary>
    /// <remarks>domain defaults to the fit's first domain. Cached per fit, domain and format (and the experiment's observation count, as the figure shows current losses).</remarks>
    /// <response code="200">The figure.</response>
    /// <response code="400">Unknown domain (the problem lists the fit's domains).</response>
    /// <response code="404">Unknown fit.</response>
    public static IResult FitCurves(long id, string? domain, HttpContext context, FitPlots plots) =>
        plots.Curves(id, domain, Format(context)).ToResult();

    /// <summary>The optimal mixture (bootstrap interval as error bars) vs the natural and uniform mixtures, with each one's predicted average loss.</summary>
    /// <remarks>At steps or tokens (at most one); default the largest step the fit's runs observed. The same answer as POST …/optimal-mixture without bounds.</remarks>
    /// <response code="200">The figure.</response>
    /// <response code="400">Both steps and tokens, or a non-positive one.</response>
    /// <response code="404">Unknown fit.</response>
    /// <response code="422">A domain's alpha is null, so no mixture can be optimised.</response>
    public static IResult FitMixtures(long id, double? steps, double? tokens, HttpContext context, FitPlots plots) =>
        plots.Mixtures(id, steps, tokens, Format(context)).ToResult();

    /// <summary>A sweep's per-run validation losses so far (mean over domains, or one domain); rendered on every request.</summary>
    /// <response code="200">The figure.</response>
    /// <response code="400">Unknown domain.</response>
    /// <response code="404">Unknown sweep.</response>
    public static IResult SweepLosses(long id, string? domain, HttpContext context, ProgressPlots plots) =>
        plots.SweepLosses(id, domain, Format(context)).ToResult();

    /// <summary>The entropies (SE, JE, CE, VNE in nats) per domain from the experiment's latest corpus statistics job.</summary>
    /// <response code="200">The figure.</response>
    /// <response code="404">Unknown experiment, or no statistics job yet.</response>
    public static IResult CorpusStats(long id, string? tokenizer, HttpContext context, ProgressPlots plots) =>
        plots.CorpusEntropies(id, tokenizer, Format(context)).ToResult();
}
