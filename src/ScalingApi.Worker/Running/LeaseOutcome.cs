namespace ScalingApi.Worker.Running;

public enum LeaseOutcome
{
    /// <summary>Trained to the last step, every checkpoint's losses posted, lease completed.</summary>
    Completed,
    /// <summary>An error; the lease was failed with it (the service decides whether to retry).</summary>
    Failed,
    /// <summary>The service said stop (cancelled sweep, lease taken over); nothing more is reported.</summary>
    StoppedByService,
    /// <summary>A signal asked the worker to stop; the checkpoint is saved and the lease left to expire.</summary>
    Interrupted,
    /// <summary>The service could not be reached to renew the lease before its expiry; training was abandoned, checkpoints kept.</summary>
    LeaseLost,
}
