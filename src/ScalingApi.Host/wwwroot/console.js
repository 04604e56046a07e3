// The ScalingApi web console: plain JavaScript over the public REST API.
// The key lives in sessionStorage only (gone when the tab closes), never in the page.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = { experiment: null, fit: null, sweep: null, events: null };

// ---------- HTTP ----------
function key() { return sessionStorage.getItem("scalingapi-key") || ""; }

async function api(method, path, body, contentType = "application/json") {
  const headers = {};
  if (method !== "GET") headers["X-Api-Key"] = key();
  if (body !== undefined) headers["Content-Type"] = contentType;
  const response = await fetch(path, {
    method, headers,
    body: body === undefined ? undefined : (contentType === "application/json" ? JSON.stringify(body) : body),
  });
  const type = response.headers.get("Content-Type") || "";
  const payload = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = typeof payload === "object" ? payload : { title: response.statusText, detail: payload };
    throw new Error(`${response.status} ${problem.title || ""}${problem.detail ? ": " + problem.detail : ""}`);
  }
  return payload;
}

function say(text, ok = false) {
  const box = $("#message");
  box.textContent = text;
  box.className = ok ? "ok" : "";
  box.hidden = !text;
}

// Runs an action and shows its failure instead of losing it in the console.
function guarded(action) {
  return async (event) => {
    if (event) event.preventDefault();
    try { say(""); await action(event); } catch (error) { say(error.message); }
  };
}

// ---------- small helpers ----------
function cell(row, text) { const td = row.insertCell(); td.textContent = text; return td; }
function fmt(x, digits = 4) { return x === null || x === undefined ? "—" : Number(x).toPrecision(digits); }
function mixtureText(mixture) { return Object.entries(mixture).map(([d, p]) => `${d}=${fmt(p, 3)}`).join(", "); }

function parseMixture(text) {
  const mixture = {};
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [domain, share] = part.split("=").map((s) => s.trim());
    if (!domain || share === undefined || Number.isNaN(Number(share))) throw new Error(`"${part}" is not domain=share`);
    mixture[domain] = Number(share);
  }
  return mixture;
}

function show(sectionId) { $(sectionId).hidden = false; $(sectionId).scrollIntoView({ block: "start" }); }

// Inline SVG (not <img>) so the figure is part of the page: searchable, zoomable, readable by assistive tools.
async function plot(figure, url, caption) {
  const response = await fetch(url);
  if (!response.ok) { figure.textContent = `No figure: ${response.status}`; return; }
  figure.innerHTML = await response.text();
  const svg = figure.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", caption);
    svg.setAttribute("viewBox", `0 0 ${svg.getAttribute("width")} ${svg.getAttribute("height")}`);
  }
  const figcaption = document.createElement("figcaption");
  figcaption.textContent = caption;
  figure.append(figcaption);
}

// ---------- key ----------
$("#key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("scalingapi-key", $("#api-key").value.trim());
  $("#api-key").value = "";
  $("#key-status").textContent = key() ? "Key set for this tab." : "No key: read-only.";
});
$("#key-status").textContent = key() ? "Key set for this tab." : "No key: read-only.";

// ---------- experiments ----------
async function loadExperiments() {
  const body = $("#experiment-list tbody");
  body.replaceChildren();
  for (const experiment of await api("GET", "/api/experiments")) {
    const row = body.insertRow();
    cell(row, experiment.id);
    cell(row, experiment.name);
    cell(row, experiment.domains.map((d) => d.name).join(", "));
    const button = document.createElement("button");
    button.textContent = "Open";
    button.setAttribute("aria-label", `Open experiment ${experiment.name}`);
    button.addEventListener("click", guarded(() => openExperiment(experiment.id)));
    row.insertCell().append(button);
  }
}

$("#experiment-form").addEventListener("submit", guarded(async () => {
  const domains = $("#experiment-domains").value.split("\n").map((l) => l.trim()).filter(Boolean).map((line) => {
    const [name, tokens, corpus] = line.split(/\s+/);
    return { name, tokens: tokens && tokens !== "-" ? Number(tokens) : null, corpus: corpus || null };
  });
  const tps = $("#experiment-tps").value;
  const experiment = await api("POST", "/api/experiments",
    { name: $("#experiment-name").value.trim(), domains, tokensPerStep: tps ? Number(tps) : null });
  say(`Created experiment ${experiment.id}.`, true);
  await loadExperiments();
  await openExperiment(experiment.id);
}));

async function openExperiment(id) {
  state.experiment = await api("GET", `/api/experiments/${id}`);
  await Promise.all([loadRuns(), loadMixtures(), loadSweeps()]);
  $("#experiment-heading").textContent = `Experiment ${id}: ${state.experiment.name}`;
  renderFitLinks();
  show("#experiment");
}

async function loadRuns() {
  const body = $("#run-list tbody");
  body.replaceChildren();
  for (const run of await api("GET", `/api/experiments/${state.experiment.id}/runs`)) {
    const row = body.insertRow();
    cell(row, run.name);
    cell(row, mixtureText(run.mixture));
  }
}

$("#run-form").addEventListener("submit", guarded(async () => {
  await api("POST", `/api/experiments/${state.experiment.id}/runs`,
    { name: $("#run-name").value.trim(), mixture: parseMixture($("#run-mixture").value) });
  $("#run-name").value = "";
  await loadRuns();
}));

$("#observations-form").addEventListener("submit", guarded(async () => {
  const counts = await api("POST", `/api/experiments/${state.experiment.id}/observations`, $("#observations-csv").value, "text/csv");
  $("#observations-result").textContent = `${counts.inserted} inserted, ${counts.unchanged} unchanged, ${counts.replaced} replaced`;
}));

// ---------- corpora and mixtures ----------
async function loadMixtures() {
  const list = $("#mixture-list");
  list.replaceChildren();
  const answer = await api("GET", `/api/experiments/${state.experiment.id}/mixtures`);
  for (const saved of answer.saved || []) {
    const item = document.createElement("li");
    item.textContent = `saved "${saved.name}" (${saved.kind}): ${mixtureText(saved.mixture)}`;
    list.append(item);
  }
  for (const kind of answer.kinds || []) {
    const item = document.createElement("li");
    item.textContent = `${kind.kind}: ${kind.available ? "available" : "unavailable (" + kind.reason + ")"}`;
    list.append(item);
  }
}

$("#corpus-stats-start").addEventListener("click", guarded(async () => {
  const job = await api("POST", `/api/experiments/${state.experiment.id}/corpus-stats`, {});
  $("#corpus-stats-status").textContent = `Statistics job ${job.id}: ${job.status}`;
}));

// ---------- fits ----------
function sessionFits() { return JSON.parse(sessionStorage.getItem(`fits-${state.experiment.id}`) || "[]"); }

function renderFitLinks() {
  const links = $("#fit-links");
  links.replaceChildren();
  for (const id of sessionFits()) {
    const button = document.createElement("button");
    button.textContent = `Fit ${id}`;
    button.addEventListener("click", guarded(() => openFit(id)));
    links.append(button, " ");
  }
}

$("#fit-form").addEventListener("submit", guarded(async () => {
  const holdout = $("#fit-holdout").value;
  const fit = await api("POST", `/api/experiments/${state.experiment.id}/fits`, {
    law: "bimix", objective: "huber", holdout: holdout ? { kind: holdout } : null,
    bootstrap: Number($("#fit-bootstrap").value), seed: Number($("#fit-seed").value),
  });
  sessionStorage.setItem(`fits-${state.experiment.id}`, JSON.stringify([...sessionFits(), fit.id]));
  renderFitLinks();
  await openFit(fit.id);
}));

async function openFit(id) {
  const fit = state.fit = await api("GET", `/api/fits/${id}`);
  const body = $("#fit-parameters tbody");
  body.replaceChildren();
  const select = $("#fit-domain");
  select.replaceChildren();
  for (const d of fit.domains) {
    const row = body.insertRow();
    cell(row, d.domain);
    cell(row, fmt(d.b)); cell(row, fmt(d.c)); cell(row, fmt(d.alpha)); cell(row, fmt(d.beta));
    cell(row, d.diagnostics.converged ? "yes" : "no");
    cell(row, fit.holdout ? fmt(fit.holdout.perDomain[d.domain], 3) : "—");
    select.append(new Option(d.domain, d.domain));
  }
  $("#fit-holdout-summary").textContent = fit.holdout
    ? `Held out (${fit.holdout.kind}), ${fit.holdout.metric}: mean ${fmt(fit.holdout.summary.mean, 3)}, worst ${fmt(fit.holdout.summary.worst, 3)}, best ${fmt(fit.holdout.summary.best, 3)}`
    : "Nothing held out.";
  show("#fit");
  await showCurves();
  $("#fit-heading").textContent = `Fit ${fit.id} of experiment ${fit.experimentId}`;
}

async function showCurves() {
  const domain = $("#fit-domain").value;
  await plot($("#fit-curves"), `/api/fits/${state.fit.id}/plots/curves.svg?domain=${encodeURIComponent(domain)}`,
    `Fit ${state.fit.id}, ${domain}: observed losses, fitted curves and 95 % bands`);
}
$("#fit-domain").addEventListener("change", guarded(showCurves));

$("#predict-form").addEventListener("submit", guarded(async () => {
  const answer = await api("POST", `/api/fits/${state.fit.id}/predictions`,
    { points: [{ steps: Number($("#predict-steps").value), mixture: parseMixture($("#predict-mixture").value) }] });
  const body = $("#predict-result tbody");
  body.replaceChildren();
  const point = answer.points[0];
  for (const [domain, loss] of [...Object.entries(point.domains), ["average", point.average]]) {
    const row = body.insertRow();
    cell(row, domain); cell(row, fmt(loss.loss)); cell(row, `${fmt(loss.lower)} – ${fmt(loss.upper)}`);
  }
}));

$("#optimal-form").addEventListener("submit", guarded(async () => {
  const steps = Number($("#optimal-steps").value);
  await plot($("#fit-mixtures"), `/api/fits/${state.fit.id}/plots/mixtures.svg?steps=${steps}`,
    `Fit ${state.fit.id}: optimal, natural and uniform mixtures at ${steps} steps`);
}));

// ---------- sweeps ----------
async function loadSweeps() {
  const list = $("#sweep-list");
  list.replaceChildren();
  for (const sweep of await api("GET", `/api/experiments/${state.experiment.id}/sweeps`)) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.textContent = `Sweep ${sweep.id}: ${sweep.name} (${sweep.status})`;
    button.addEventListener("click", guarded(() => openSweep(sweep.id)));
    item.append(button);
    list.append(item);
  }
}

$("#sweep-form").addEventListener("submit", guarded(async () => {
  const mixtures = $("#sweep-mixtures").value.split("\n").map((l) => l.trim()).filter(Boolean)
    .map((line) => line.startsWith("saved:") ? { saved: line.slice(6).trim() } : { mixture: parseMixture(line) });
  const sweep = await api("POST", `/api/experiments/${state.experiment.id}/sweeps`, {
    name: $("#sweep-name").value.trim(), mixtures, model: { preset: $("#sweep-preset").value },
    steps: Number($("#sweep-steps").value), checkpoints: { count: Number($("#sweep-checkpoints").value), spacing: "log" }, seed: 1,
  });
  await loadSweeps();
  await openSweep(sweep.id);
}));

async function openSweep(id) {
  if (state.events) state.events.close();
  state.sweep = id;
  $("#sweep-events").replaceChildren();
  await renderSweep();
  show("#sweep");
  // Server-Sent Events: GET needs no key, so the browser's EventSource can follow the sweep directly.
  const events = state.events = new EventSource(`/api/sweeps/${id}/events`);
  let pending = null;
  const onEvent = (event) => {
    const item = document.createElement("li");
    item.textContent = `${event.type}${event.data ? ": " + event.data.slice(0, 160) : ""}`;
    $("#sweep-events").prepend(item);
    // coalesce bursts of events into one refresh
    clearTimeout(pending);
    pending = setTimeout(guarded(renderSweep), 200);
    if (event.type === "sweep-finished") {
      events.close();
      guarded(loadSweeps)(); // the experiment's sweep list shows each sweep's status too
    }
  };
  for (const type of ["sweep-created", "run-leased", "run-progress", "run-completed", "run-failed", "run-retry",
    "run-lease-expired", "run-resumed", "sweep-submitted", "sweep-cancelled", "sweep-finished", "message"]) {
    events.addEventListener(type, onEvent);
  }
}

async function renderSweep() {
  const sweep = await api("GET", `/api/sweeps/${state.sweep}`);
  $("#sweep-heading").textContent = `Sweep ${sweep.id}: ${sweep.name}`;
  const t = sweep.totals;
  $("#sweep-status").textContent =
    `${sweep.status}: ${t.completed} of ${t.runs} runs completed, ${t.leased} running, ${t.pending} pending, ${t.failed} failed, ${t.cancelled} cancelled`;
  const body = $("#sweep-runs tbody");
  body.replaceChildren();
  for (const run of sweep.runs) {
    const row = body.insertRow();
    cell(row, run.runName); cell(row, run.status); cell(row, `${run.step} / ${sweep.steps}`);
    cell(row, fmt(run.trainLoss)); cell(row, `${run.observations} / ${run.expectedObservations}`);
  }
  await plot($("#sweep-losses"), `/api/sweeps/${sweep.id}/plots/losses.svg`, `Sweep ${sweep.id}: validation losses so far`);
}

$("#sweep-cancel").addEventListener("click", guarded(async () => {
  await api("POST", `/api/sweeps/${state.sweep}/cancel`);
  await renderSweep();
}));

guarded(loadExperiments)();
