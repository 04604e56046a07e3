global using Xunit;

// libtorch's seed, generator and thread count are process-wide; tests that touch them must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
