using ScalingApi.Host.Auth;
using ScalingApi.Host.Comparisons;
using ScalingApi.Host.WebConsole;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.CorpusPreparation;
using ScalingApi.Host.Endpoints;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Health;
using ScalingApi.Host.Hosting;
using ScalingApi.Host.MixtureMethods;
using ScalingApi.Host.Observations;
using ScalingApi.Host.Plots;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors.Local;
using ScalingApi.Host.Sweeps.Executors.Slurm;
using ScalingApi.Host.Swagger;
using ScalingApi.Host.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootAppSettings();

builder.Services.AddProblemHandling();
builder.Services.AddJsonContract();
builder.Services.AddRequestLimits(builder.Configuration);
builder.Services.AddApiKeyAuth(builder.Configuration);
builder.Services.AddScalingApiStorage(builder.Configuration);
builder.Services.AddStorageHealthChecks();
builder.Services.AddObservationIngest();
builder.Services.AddFitting(builder.Configuration);
builder.Services.AddSweeps(builder.Configuration);
builder.Services.AddLocalExecutor();
builder.Services.AddSlurmExecutor(builder.Configuration);
builder.Services.AddCorpora(builder.Configuration);
builder.Services.AddCorpusPreparation();
builder.Services.AddMixtureMethods(builder.Configuration);
builder.Services.AddComparisons();
builder.Services.AddPlots(builder.Configuration);
builder.Services.AddScalingApiSwagger();
builder.Services.AddScalingApiTelemetry();

var app = builder.Build();

app.MigrateStorage();
app.UseProblemHandling();
app.UseApiKeyAuth();
app.UseRequestLimits();
app.UseScalingApiSwagger();
app.UseWebConsole();

app.MapHealth();
app.MapScalingApiMetrics();
app.MapExperiments();
app.MapRuns();
app.MapObservations();
app.MapFits();
app.MapLawComparisons();
app.MapSweeps();
app.MapLeases();
app.MapSweepBatchScript();
app.MapCorpusStats();
app.MapCorpusPreparation();
app.MapMixtures();
app.MapMixtureMethods();
app.MapComparisons();
app.MapPlots();

app.Run();

/// <summary>Entry point; public so the API tests can host it with WebApplicationFactory.</summary>
public partial class Program;
