# ScalingApi web host plus the worker CLI its local executor starts. Ubuntu 24.04 "noble" images:
# TorchSharp (in the worker) needs libstdc++ with GLIBCXX_3.4.32, newer than Debian 12 ships.
# Corpora: mount them read-only at /app/corpora (Corpora:Roots defaults to ./corpora next to appsettings.json).
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ScalingApi.sln ./
COPY src/ src/
RUN dotnet publish src/ScalingApi.Host/ScalingApi.Host.csproj -c Release -o /app/publish
# the worker CLI next to the service: the local executor starts `dotnet worker/scalingapi-worker.dll` as child processes
RUN dotnet publish src/ScalingApi.Worker/ScalingApi.Worker.csproj -c Release -o /app/publish/worker

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
# curl only for the HEALTHCHECK; fonts-dejavu-core for the text of the server-rendered plots
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/publish ./
# the repository-root settings; /app is the content root, so the host reads it from here
COPY appsettings.json ./
# the database and a generated API key (data/api-key, mode 600) live in the volume
RUN mkdir -p /app/data && chown app:app /app/data
ENV Urls=http://+:8080 \
    Storage__DatabasePath=/app/data/scalingapi.db
# non-root: the "app" user (uid 1654) that the .NET noble images provide
USER app
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "ScalingApi.Host.dll"]
