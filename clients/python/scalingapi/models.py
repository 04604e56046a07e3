"""Typed results: the service's JSON (camelCase) as dataclasses (snake_case). `raw` keeps the whole answer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass
class Experiment:
    id: int
    name: str
    domains: List[str]
    tokens_per_step: Optional[float]
    tokenizer: str
    raw: Dict[str, Any] = field(repr=False, default_factory=dict)

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Experiment":
        return cls(j["id"], j["name"], [d["name"] for d in j["domains"]], j.get("tokensPerStep"), j.get("tokenizer", "bytes"), j)


@dataclass
class Run:
    id: int
    name: str
    mixture: Dict[str, float]

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Run":
        return cls(j["id"], j["name"], j["mixture"])


@dataclass
class DomainFit:
    """One domain's law L = A r^-alpha (B s^-beta + C), A = 1; alpha is None for a domain seen at one proportion."""
    domain: str
    b: float
    c: float
    alpha: Optional[float]
    beta: float
    converged: bool

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "DomainFit":
        return cls(j["domain"], j["b"], j["c"], j.get("alpha"), j["beta"], j["diagnostics"]["converged"])


@dataclass
class Fit:
    id: int
    experiment_id: int
    domains: List[DomainFit]
    holdout_metric: Optional[str]
    holdout_per_domain: Dict[str, Optional[float]]
    holdout_mean: Optional[float]
    raw: Dict[str, Any] = field(repr=False, default_factory=dict)

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Fit":
        holdout = j.get("holdout") or {}
        return cls(j["id"], j["experimentId"], [DomainFit.from_json(d) for d in j["domains"]], holdout.get("metric"),
                   holdout.get("perDomain", {}), (holdout.get("summary") or {}).get("mean"), j)


@dataclass
class LossEstimate:
    loss: float
    lower: float
    upper: float

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "LossEstimate":
        return cls(j["loss"], j["lower"], j["upper"])


@dataclass
class Prediction:
    steps: float
    domains: Dict[str, LossEstimate]
    average: LossEstimate

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Prediction":
        return cls(j["steps"], {d: LossEstimate.from_json(v) for d, v in j["domains"].items()}, LossEstimate.from_json(j["average"]))


@dataclass
class MixtureAssessment:
    """A mixture (proportion and, for the optimal one, its bootstrap interval) and its predicted losses."""
    mixture: Dict[str, float]
    intervals: Dict[str, tuple]
    losses: Dict[str, LossEstimate]
    average: LossEstimate

    @classmethod
    def from_json(cls, j: Optional[Dict[str, Any]]) -> Optional["MixtureAssessment"]:
        if j is None:
            return None
        return cls({d: p["value"] for d, p in j["mixture"].items()}, {d: (p["lower"], p["upper"]) for d, p in j["mixture"].items()},
                   {d: LossEstimate.from_json(v) for d, v in j["losses"].items()}, LossEstimate.from_json(j["average"]))


@dataclass
class OptimalMixture:
    steps: float
    optimal: MixtureAssessment
    natural: Optional[MixtureAssessment]
    uniform: MixtureAssessment
    natural_source: Optional[str]
    raw: Dict[str, Any] = field(repr=False, default_factory=dict)

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "OptimalMixture":
        return cls(j["steps"], MixtureAssessment.from_json(j["optimal"]), MixtureAssessment.from_json(j.get("natural")),
                   MixtureAssessment.from_json(j["uniform"]), j.get("naturalSource"), j)


@dataclass
class SweepRun:
    run_name: str
    status: str
    step: int
    train_loss: Optional[float]
    observations: int
    expected_observations: int

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "SweepRun":
        return cls(j["runName"], j["status"], j["step"], j.get("trainLoss"), j.get("observations", 0), j.get("expectedObservations", 0))


@dataclass
class Sweep:
    id: int
    experiment_id: int
    name: str
    status: str
    steps: int
    runs: List[SweepRun]
    raw: Dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in ("completed", "failed", "cancelled")

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Sweep":
        return cls(j["id"], j["experimentId"], j["name"], j["status"], j["steps"], [SweepRun.from_json(r) for r in j["runs"]], j)


@dataclass
class SweepEvent:
    """One Server-Sent Event of GET /api/sweeps/{id}/events; `data` is the parsed JSON payload."""
    id: Optional[int]
    type: str
    data: Any
