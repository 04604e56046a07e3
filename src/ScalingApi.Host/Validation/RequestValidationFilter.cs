using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>
/// The validation seam of an endpoint: runs the request's <see cref="IRequestValidator{TRequest}"/> on the bound body
/// and answers 400 naming every broken rule before the handler runs.
/// </summary>
public sealed class RequestValidationFilter<TRequest, TValidator> : IEndpointFilter where TValidator : IRequestValidator<TRequest>
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // a missing or unreadable body never gets here: binding has already thrown, and the exception handler names it
        if (context.Arguments.OfType<TRequest>().FirstOrDefault() is { } request)
        {
            var validator = ActivatorUtilities.GetServiceOrCreateInstance<TValidator>(context.HttpContext.RequestServices);
            var errors = validator.Validate(request);
            if (errors.Count > 0) return ApiProblems.Invalid(errors);
        }
        return await next(context);
    }
}

/// <summary>
/// Endpoint metadata saying which validator checks the endpoint's body: filters leave no trace in the metadata,
/// so this is how a test (or a reader of the endpoint data source) tells a validated body from one that is not.
/// </summary>
public sealed record RequestValidationMetadata(Type RequestType, Type ValidatorType);

public static class RequestValidation
{
    /// <summary>Validates the endpoint's <typeparamref name="TRequest"/> body with <typeparamref name="TValidator"/> before its handler runs.</summary>
    public static RouteHandlerBuilder Validates<TRequest, TValidator>(this RouteHandlerBuilder endpoint) where TValidator : IRequestValidator<TRequest> =>
        endpoint.AddEndpointFilter<RequestValidationFilter<TRequest, TValidator>>()
            .WithMetadata(new RequestValidationMetadata(typeof(TRequest), typeof(TValidator)))
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
