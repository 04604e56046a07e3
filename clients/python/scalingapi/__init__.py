"""A small client for the ScalingApi REST service (standard library only)."""
from .client import Client, ScalingApiError
from .models import (DomainFit, Experiment, Fit, LossEstimate, MixtureAssessment, OptimalMixture, Prediction, Run,
                     Sweep, SweepEvent, SweepRun)

__all__ = ["Client", "ScalingApiError", "DomainFit", "Experiment", "Fit", "LossEstimate", "MixtureAssessment",
           "OptimalMixture", "Prediction", "Run", "Sweep", "SweepEvent", "SweepRun"]
