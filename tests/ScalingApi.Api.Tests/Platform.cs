// The API tests use Linux facilities for real (tmpfs mounts, Unix file modes, signals), as CI does.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
