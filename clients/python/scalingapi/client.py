"""HTTP calls of the ScalingApi service. Every 4xx/5xx raises ScalingApiError with the service's problem+json."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from .models import Experiment, Fit, OptimalMixture, Prediction, Run, Sweep, SweepEvent

Mixture = Dict[str, float]


class ScalingApiError(Exception):
    """A refused request: status, and the problem's title, detail and per-field errors ({field, rule[, line]})."""

    def __init__(self, status: int, title: str, detail: Optional[str], errors: List[Dict[str, Any]]):
        super().__init__(f"{status} {title}" + (f": {detail}" if detail else ""))
        self.status, self.title, self.detail, self.errors = status, title, detail, errors

    @property
    def fields(self) -> List[str]:
        return [e.get("field", "") for e in self.errors]


class Client:
    """client = Client("http://localhost:5000", key=open("data/api-key").read().strip())"""

    def __init__(self, url: str = "http://localhost:5000", key: Optional[str] = None, timeout: float = 120):
        self.url, self.key, self.timeout = url.rstrip("/"), key, timeout

    # ---------- plumbing ----------
    def _open(self, method: str, path: str, body: Any = None, content_type: str = "application/json", timeout: Optional[float] = None):
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            headers["Content-Type"] = content_type
        if method != "GET" and self.key:
            headers["X-Api-Key"] = self.key
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as error:
            raise _problem(error) from None

    def _json(self, method: str, path: str, body: Any = None, content_type: str = "application/json") -> Any:
        with self._open(method, path, body, content_type) as response:
            text = response.read().decode()
            return json.loads(text) if text else None

    def health(self) -> Dict[str, Any]:
        """The service's /health answer: {"status": "ok", "schemaVersion": n, "checks": {...}}."""
        return self._json("GET", "/health")

    # ---------- experiments, runs, observations ----------
    def create_experiment(self, name: str, domains: Union[Dict[str, Optional[float]], Sequence[Dict[str, Any]]],
                          tokens_per_step: Optional[float] = None, tokenizer: Optional[str] = None) -> Experiment:
        """domains: {name: unique tokens or None} or the service's list of {name, tokens?, corpus?}."""
        specs = [{"name": n, "tokens": t} for n, t in domains.items()] if isinstance(domains, dict) else list(domains)
        body = {"name": name, "domains": specs, "tokensPerStep": tokens_per_step}
        if tokenizer:
            body["tokenizer"] = tokenizer
        return Experiment.from_json(self._json("POST", "/api/experiments", body))

    def experiments(self) -> List[Experiment]:
        return [Experiment.from_json(e) for e in self._json("GET", "/api/experiments")]

    def experiment(self, experiment_id: int) -> Experiment:
        return Experiment.from_json(self._json("GET", f"/api/experiments/{experiment_id}"))

    def create_run(self, experiment_id: int, name: str, mixture: Mixture) -> Run:
        return Run.from_json(self._json("POST", f"/api/experiments/{experiment_id}/runs", {"name": name, "mixture": mixture}))

    def runs(self, experiment_id: int) -> List[Run]:
        return [Run.from_json(r) for r in self._json("GET", f"/api/experiments/{experiment_id}/runs")]

    def post_observations(self, experiment_id: int, rows: Union[str, Iterable[Tuple[str, int, str, float]]]) -> Dict[str, int]:
        """rows: a run,step,domain,loss CSV text, or (run, step, domain, loss) tuples. Returns inserted/unchanged/replaced."""
        if isinstance(rows, str):
            return self._json("POST", f"/api/experiments/{experiment_id}/observations", rows, "text/csv")
        items = [{"run": r, "step": s, "domain": d, "loss": l} for r, s, d, l in rows]
        return self._json("POST", f"/api/experiments/{experiment_id}/observations", items)

    # ---------- fits and planning ----------
    def fit(self, experiment_id: int, holdout: Optional[str] = None, holdout_runs: Optional[List[str]] = None,
            bootstrap: Optional[int] = None, seed: Optional[int] = None, runs: Optional[List[str]] = None,
            sweep: Optional[int] = None, objective: str = "huber") -> Fit:
        """holdout: None, "last-step" or "runs" (with holdout_runs)."""
        body: Dict[str, Any] = {"law": "bimix", "objective": objective, "bootstrap": bootstrap, "seed": seed, "runs": runs, "sweep": sweep}
        if holdout:
            body["holdout"] = {"kind": holdout, "runs": holdout_runs}
        return Fit.from_json(self._json("POST", f"/api/experiments/{experiment_id}/fits", body))

    def get_fit(self, fit_id: int) -> Fit:
        return Fit.from_json(self._json("GET", f"/api/fits/{fit_id}"))

    def predict(self, fit_id: int, points: Sequence[Tuple[float, Mixture]], by: str = "steps",
                weights: Optional[Dict[str, float]] = None) -> List[Prediction]:
        """points: (steps or tokens, mixture) pairs; by = "steps" or "tokens"."""
        body = {"points": [{by: x, "mixture": m} for x, m in points], "weights": weights}
        return [Prediction.from_json(p) for p in self._json("POST", f"/api/fits/{fit_id}/predictions", body)["points"]]

    def optimal_mixture(self, fit_id: int, steps: Optional[float] = None, tokens: Optional[float] = None,
                        bounds: Optional[Dict[str, Tuple[float, float]]] = None, max_epochs: Optional[float] = None,
                        total_tokens: Optional[float] = None, weights: Optional[Dict[str, float]] = None) -> OptimalMixture:
        body: Dict[str, Any] = {"steps": steps, "tokens": tokens, "weights": weights,
                                "bounds": {d: {"min": lo, "max": hi} for d, (lo, hi) in bounds.items()} if bounds else None}
        if max_epochs is not None:
            body["dataLimits"] = {"totalTokens": total_tokens if total_tokens is not None else tokens, "maxEpochs": max_epochs}
        return OptimalMixture.from_json(self._json("POST", f"/api/fits/{fit_id}/optimal-mixture", body))

    def plot(self, path: str) -> bytes:
        """A figure, e.g. plot(f"/api/fits/{fit_id}/plots/curves.svg?domain=web")."""
        with self._open("GET", path) as response:
            return response.read()

    # ---------- corpora ----------
    def start_corpus_stats(self, experiment_id: int, tokenizer: Optional[str] = None) -> Dict[str, Any]:
        return self._json("POST", f"/api/experiments/{experiment_id}/corpus-stats", {"tokenizer": tokenizer})

    def corpus_stats(self, experiment_id: int, tokenizer: Optional[str] = None) -> Dict[str, Any]:
        query = f"?tokenizer={urllib.parse.quote(tokenizer)}" if tokenizer else ""
        return self._json("GET", f"/api/experiments/{experiment_id}/corpus-stats{query}")

    def mixture(self, experiment_id: int, kind: str, temperature: Optional[float] = None) -> Mixture:
        query = f"?temperature={temperature}" if temperature is not None else ""
        return self._json("GET", f"/api/experiments/{experiment_id}/mixtures/{kind}{query}")["mixture"]

    # ---------- sweeps ----------
    def create_sweep(self, experiment_id: int, mixtures: List[Dict[str, Any]], steps: int, preset: str = "tiny",
                     checkpoints: int = 4, name: Optional[str] = None, seed: int = 1, **extra: Any) -> Sweep:
        """mixtures: entries as the service takes them, e.g. {"saved": "natural"} or {"mixture": {"web": 0.5, "code": 0.5}}."""
        body = {"name": name, "mixtures": mixtures, "model": {"preset": preset}, "steps": steps,
                "checkpoints": {"count": checkpoints, "spacing": "log"}, "seed": seed, **extra}
        return Sweep.from_json(self._json("POST", f"/api/experiments/{experiment_id}/sweeps", body))

    def sweep(self, sweep_id: int) -> Sweep:
        return Sweep.from_json(self._json("GET", f"/api/sweeps/{sweep_id}"))

    def cancel_sweep(self, sweep_id: int) -> Sweep:
        return Sweep.from_json(self._json("POST", f"/api/sweeps/{sweep_id}/cancel"))

    def sweep_events(self, sweep_id: int, after: Optional[int] = None, timeout: float = 600) -> Iterator[SweepEvent]:
        """Follows the sweep's Server-Sent Events (past ones first) until the service ends the stream after sweep-finished."""
        query = f"?after={after}" if after is not None else ""
        with self._open("GET", f"/api/sweeps/{sweep_id}/events{query}", timeout=timeout) as response:
            event_id, event_type, data = None, "message", []
            for raw in response:
                line = raw.decode().rstrip("\r\n")
                if line == "":
                    if data:
                        text = "\n".join(data)
                        try:
                            payload = json.loads(text)
                        except ValueError:
                            payload = text
                        yield SweepEvent(int(event_id) if event_id and event_id.isdigit() else None, event_type, payload)
                    event_id, event_type, data = None, "message", []
                elif line.startswith(":"):
                    continue
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "id":
                        event_id = value
                    elif name == "event":
                        event_type = value
                    elif name == "data":
                        data.append(value)


def _problem(error: urllib.error.HTTPError) -> ScalingApiError:
    body = error.read().decode(errors="replace")
    try:
        problem = json.loads(body)
    except ValueError:
        return ScalingApiError(error.code, error.reason or "HTTP error", body or None, [])
    return ScalingApiError(problem.get("status", error.code), problem.get("title", ""), problem.get("detail"), problem.get("errors") or [])
