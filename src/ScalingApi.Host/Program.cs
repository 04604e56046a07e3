using ScalingApi.Host.Auth;
using ScalingApi.Host.Endpoints;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Sweeps.Executors.Local;
using ScalingApi.Host.Sweeps.Executors.Slurm;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddProblemHandling();
builder.Services.AddJsonContract();
builder.Services.AddRequestLimits(builder.Configuration);
builder.Services.AddApiKeyAuth(builder.Configuration);
builder.Services.AddScalingApiStorage(builder.Configuration);
builder.Services.AddSweeps(builder.Configuration);
builder.Services.AddLocalExecutor();
builder.Services.AddSlurmExecutor(builder.Configuration);

var app = builder.Build();

app.MigrateStorage();
app.UseProblemHandling();
app.UseApiKeyAuth();
app.UseRequestLimits();

app.MapHealth();
app.MapExperiments();
app.MapRuns();
app.MapSweeps();
app.MapLeases();
app.MapSweepBatchScript();

app.Run();

/// <summary>Entry point; public so the API tests can host it with WebApplicationFactory.</summary>
public partial class Program;
