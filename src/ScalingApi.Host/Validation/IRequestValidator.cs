using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>
/// The rules of a request body that need nothing stored: run by <see cref="RequestValidationFilter{TRequest, TValidator}"/>
/// before the handler, so the handler and the services below it see only well-formed requests. Rules that need
/// stored data (a mixture over the experiment's domains, a run that must exist) stay with the service that loads
/// it, which throws <see cref="InvalidInputException"/>; both end in the same 400 at the edge.
/// </summary>
public interface IRequestValidator<in TRequest>
{
    /// <returns>Every broken rule (empty when the request is well-formed).</returns>
    List<FieldError> Validate(TRequest request);
}
