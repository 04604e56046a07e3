using System.Net;
using System.Net.Http.Json;

namespace ScalingApi.EndToEnd.Tests;

public static class ResponseReading
{
    /// <summary>The body as <typeparamref name="T"/>, after asserting the status (the body is the failure message).</summary>
    public static async Task<T> ReadAs<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
