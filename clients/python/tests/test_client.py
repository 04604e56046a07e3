"""The Python client against a live service: SCALINGAPI_URL and SCALINGAPI_KEY must point at one
(the .NET test ScalingApi.Console.Tests.PythonClientTests starts it and runs these)."""
import os
import time
import unittest
import xml.etree.ElementTree as ElementTree

from scalingapi import Client, Fit, OptimalMixture, Prediction, ScalingApiError

URL = os.environ.get("SCALINGAPI_URL")
KEY = os.environ.get("SCALINGAPI_KEY")

WALKTHROUGH = {"web-heavy": {"web": 0.8, "code": 0.2}, "balanced": {"web": 0.5, "code": 0.5}, "code-heavy": {"web": 0.3, "code": 0.7}}
LOSSES = {  # (web, code) at steps 1000, 4000, 16000, 64000: the README's walkthrough
    "web-heavy": [(2.4322, 2.3505), (2.2675, 2.1141), (2.1728, 1.9581), (2.1185, 1.8552)],
    "balanced": [(2.5493, 1.9569), (2.3766, 1.7601), (2.2774, 1.6302), (2.2204, 1.5446)],
    "code-heavy": [(2.6829, 1.8295), (2.5011, 1.6455), (2.3968, 1.5241), (2.3368, 1.444)],
}
STEPS = [1000, 4000, 16000, 64000]


@unittest.skipUnless(URL and KEY, "set SCALINGAPI_URL and SCALINGAPI_KEY to a running service")
class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, KEY)
        cls.experiment = cls.client.create_experiment(f"python-{time.time_ns()}", {"web": 3e10, "code": 5e9}, tokens_per_step=65536)
        for name, mixture in WALKTHROUGH.items():
            cls.client.create_run(cls.experiment.id, name, mixture)
        rows = [(run, step, domain, losses[k][d]) for run, losses in LOSSES.items() for k, step in enumerate(STEPS)
                for d, domain in enumerate(["web", "code"])]
        cls.counts = cls.client.post_observations(cls.experiment.id, rows)
        cls.fit = cls.client.fit(cls.experiment.id, holdout="last-step", bootstrap=50, seed=1)

    def test_health_reports_a_writable_database(self):
        health = self.client.health()
        self.assertEqual("ok", health["status"])
        self.assertEqual("ok", health["checks"]["database"]["status"])

    def test_experiment_runs_and_observations_round_trip(self):
        self.assertEqual(["web", "code"], self.experiment.domains)
        self.assertEqual(65536, self.experiment.tokens_per_step)
        self.assertEqual({"inserted": 24, "unchanged": 0, "replaced": 0}, self.counts)
        self.assertEqual(sorted(WALKTHROUGH), sorted(r.name for r in self.client.runs(self.experiment.id)))
        self.assertIn(self.experiment.id, [e.id for e in self.client.experiments()])
        # re-posting the same losses as CSV changes nothing
        csv = "run,step,domain,loss\nbalanced,1000,web,2.5493\n"
        self.assertEqual({"inserted": 0, "unchanged": 1, "replaced": 0}, self.client.post_observations(self.experiment.id, csv))

    def test_fit_is_typed_and_scores_the_held_out_checkpoints(self):
        self.assertIsInstance(self.fit, Fit)
        self.assertEqual(["web", "code"], [d.domain for d in self.fit.domains])
        for domain in self.fit.domains:
            self.assertTrue(domain.converged)
            self.assertGreater(domain.alpha, 0)
            self.assertGreater(domain.beta, 0)
        self.assertEqual("relative-error", self.fit.holdout_metric)
        self.assertLess(self.fit.holdout_mean, 0.05)
        self.assertEqual(self.fit.id, self.client.get_fit(self.fit.id).id)

    def test_prediction_at_an_observed_point_is_close_to_the_loss(self):
        [by_steps, by_tokens] = [self.client.predict(self.fit.id, [(64000, WALKTHROUGH["balanced"])])[0],
                                 self.client.predict(self.fit.id, [(64000 * 65536, WALKTHROUGH["balanced"])], by="tokens")[0]]
        self.assertIsInstance(by_steps, Prediction)
        self.assertAlmostEqual(2.2204, by_steps.domains["web"].loss, delta=0.05)
        self.assertLessEqual(by_steps.domains["web"].lower, by_steps.domains["web"].upper)
        self.assertAlmostEqual(by_steps.average.loss, by_tokens.average.loss, places=9)

    def test_optimal_mixture_beats_natural_and_uniform(self):
        answer = self.client.optimal_mixture(self.fit.id, tokens=2e10, max_epochs=2)
        self.assertIsInstance(answer, OptimalMixture)
        self.assertEqual("declared", answer.natural_source)
        self.assertAlmostEqual(1.0, sum(answer.optimal.mixture.values()), places=6)
        self.assertLessEqual(answer.optimal.average.loss, answer.uniform.average.loss + 1e-9)
        self.assertLessEqual(answer.optimal.average.loss, answer.natural.average.loss + 1e-9)

    def test_plots_are_svg(self):
        svg = self.client.plot(f"/api/fits/{self.fit.id}/plots/curves.svg?domain=code")
        root = ElementTree.fromstring(svg)
        self.assertEqual("{http://www.w3.org/2000/svg}svg", root.tag)

    def test_refusals_raise_with_the_services_message(self):
        with self.assertRaises(ScalingApiError) as bad:
            self.client.create_run(self.experiment.id, "broken", {"web": 0.9, "code": 0.3})
        self.assertEqual(400, bad.exception.status)
        self.assertIn("mixture", " ".join(bad.exception.fields))
        self.assertTrue(bad.exception.detail)
        with self.assertRaises(ScalingApiError) as missing:
            self.client.get_fit(987654321)
        self.assertEqual(404, missing.exception.status)
        with self.assertRaises(ScalingApiError) as unauthorized:
            Client(URL, key="wrong").create_run(self.experiment.id, "x", {"web": 0.5, "code": 0.5})
        self.assertEqual(401, unauthorized.exception.status)
        self.assertEqual(["X-Api-Key"], unauthorized.exception.fields)

    def test_sweep_progress_comes_from_the_event_stream(self):
        corpus = os.environ.get("SCALINGAPI_CORPUS")
        if not corpus:
            self.skipTest("SCALINGAPI_CORPUS (a corpus reference under the service's root) is not set")
        experiment = self.client.create_experiment(f"python-sweep-{time.time_ns()}",
                                                   [{"name": "a", "corpus": corpus}, {"name": "b", "corpus": corpus}])
        sweep = self.client.create_sweep(experiment.id, [{"mixture": {"a": 0.5, "b": 0.5}}], steps=4, checkpoints=2,
                                         name=f"py{time.time_ns() % 100000}")
        self.assertEqual(1, len(sweep.runs))
        self.client.cancel_sweep(sweep.id)
        events = list(self.client.sweep_events(sweep.id, timeout=60))
        self.assertEqual("sweep-created", events[0].type)
        self.assertEqual("sweep-finished", events[-1].type)
        self.assertTrue(all(e.id is not None for e in events))
        self.assertTrue(self.client.sweep(sweep.id).finished)


if __name__ == "__main__":
    unittest.main()
