using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Host.Errors;
using Xunit;

namespace ScalingApi.Api.Tests.Errors;

/// <summary>
/// Issue 14: services throw domain exceptions that carry no HTTP; the edge maps each kind to one status and title.
/// Driven through the host's own registered exception handler (the one UseExceptionHandler calls), and compared with
/// the typed result a handler returns for the same refusal, so the two ways out of the service agree byte for byte.
/// </summary>
public sealed class DomainExceptionMappingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, int, string> Kinds => new()
    {
        { nameof(InvalidInputException), 400, "The request is invalid." },
        { nameof(NotFoundException), 404, "Not found." },
        { nameof(ConflictException), 409, "Conflict with stored data." },
        { nameof(LeaseEndedException), 410, "The lease is no longer valid." },
        { nameof(UnanswerableException), 422, "The request cannot be answered from this data." },
    };

    private static DomainException Refusal(string kind) => kind switch
    {
        nameof(InvalidInputException) => new InvalidInputException("mixture.web", "must be ≥ 0"),
        nameof(NotFoundException) => new NotFoundException("mixture.web", "must be ≥ 0"),
        nameof(ConflictException) => new ConflictException("mixture.web", "must be ≥ 0"),
        nameof(LeaseEndedException) => new LeaseEndedException("mixture.web", "must be ≥ 0"),
        nameof(UnanswerableException) => new UnanswerableException("mixture.web", "must be ≥ 0"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_domain_exception_becomes_its_status_and_title_as_problem_json_naming_the_field_and_rule(string kind, int status, string title)
    {
        var (code, contentType, body) = await Handle(Refusal(kind));

        Assert.Equal(status, code);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Equal($"https://httpstatuses.io/{status}", body.GetProperty("type").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("mixture.web", error.GetProperty("field").GetString());
        Assert.Equal("must be ≥ 0", error.GetProperty("rule").GetString());
        Assert.Equal("mixture.web: must be ≥ 0", body.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_handler_returning_the_refusal_answers_what_the_exception_handler_answers(string kind, int status, string title)
    {
        var result = ApiProblems.From(Refusal(kind));

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(title, result.ProblemDetails.Title);
    }

    [Fact]
    public async Task An_invalid_input_with_more_errors_than_it_lists_says_how_many_there_are()
    {
        var (code, _, body) = await Handle(new InvalidInputException([new FieldError("loss", "must be finite", Line: 7)], totalErrors: 250));

        Assert.Equal(400, code);
        Assert.Equal(249, body.GetProperty("moreErrors").GetInt32());
        Assert.Equal(250, body.GetProperty("totalErrors").GetInt32());
        Assert.Equal(7, body.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_field_renamed_for_an_outer_request_keeps_the_kind_of_refusal()
    {
        var nested = new UnanswerableException("bounds", "infeasible").WithFields(field => $"candidates[2].optimal.{field}");

        var (code, _, body) = await Handle(nested);

        Assert.Equal(422, code);
        Assert.Equal("candidates[2].optimal.bounds", body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    private async Task<(int Status, string? ContentType, JsonElement Body)> Handle(Exception exception)
    {
        using var scope = factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        var handler = Assert.Single(scope.ServiceProvider.GetServices<IExceptionHandler>());

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        var body = JsonDocument.Parse(context.Response.Body).RootElement;
        return (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], body);
    }
}
