// The leaderboard page: plain DOM and SVG, no build step, no third-party code. Every text that came
// from a result (agent output, evidence, names) is set with textContent, never parsed as HTML: a
// result is written by the agent under test.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#2f6fdb", "#d9534f", "#2e9d5b", "#e69a1f", "#7b4fc9", "#1aa3a3", "#c94f9b", "#6b7280"];
const BENCHMARKS = ["test-writing", "test-running"];
const colors = new Map();

function colorOf(agent) {
  // the palette first, then hues a golden angle apart, so many agents stay told apart
  if (!colors.has(agent)) {
    const i = colors.size;
    colors.set(agent, i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.508) % 360)}, 60%, 45%)`);
  }
  return colors.get(agent);
}

function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function svgEl(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// A report written by `drydock report --html` carries its results in the page and answers the same
// questions as the server from them, with the same rules (see Leaderboard.java).
const EMBEDDED = window.DRYDOCK_DATA || null;
const NOT_THE_AGENTS = new Set(["INFRASTRUCTURE_FAILED", "INTERRUPTED"]);

function measureValue(run) {
  if (run.benchmark === "test-writing") {
    const d = run.testWriting && run.testWriting.delta;
    if (!d || d.baseline.linesTotal === 0) return 0;
    return 100 * d.coveredAfter / d.baseline.linesTotal - 100 * d.baseline.linesCovered / d.baseline.linesTotal;
  }
  return run.testRunning ? run.testRunning.score.percent : 0;
}

const durationMs = run => Date.parse(run.finishedAt) - Date.parse(run.startedAt);
const newestFirst = (a, b) => a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.runId < b.runId ? 1 : -1;

function estimate(values) {
  const n = values.length;
  if (n === 0) return {mean: null, low: null, high: null};
  const sum = values.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  if (n === 1) return {mean, low: null, high: null};
  const squares = values.reduce((a, b) => a + b * b, 0);
  const variance = Math.max(0, (squares - sum * mean) / (n - 1));
  const t = n - 1 <= EMBEDDED.t975.length ? EMBEDDED.t975[n - 2] : 1.959964;
  const half = t * Math.sqrt(variance / n);
  return {mean, low: mean - half, high: mean + half};
}

function offlineLeaderboard(runs) {
  const groups = new Map();
  for (const run of runs) {
    const key = JSON.stringify([run.agent.name, run.agent.version]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(run);
  }
  const entries = [...groups.entries()].map(([key, group]) => {
    const [agent, version] = JSON.parse(key);
    const counted = group.filter(r => !NOT_THE_AGENTS.has(r.status));
    const e = estimate(counted.map(measureValue));
    const priced = counted.filter(r => r.costUsd !== null);
    const n = counted.length;
    return {agent, version, runs: n, mean: e.mean, ciLow: e.low, ciHigh: e.high,
      repositories: new Set(counted.map(r => r.repository.name)).size, excluded: group.length - n,
      meanTokens: n ? counted.reduce((a, r) => a + r.usage.inputTokens + r.usage.outputTokens, 0) / n : 0,
      meanCostUsd: n && priced.length === n ? priced.reduce((a, r) => a + Number(r.costUsd), 0) / n : null,
      meanSeconds: n ? counted.reduce((a, r) => a + durationMs(r), 0) / 1000 / n : 0,
      flags: counted.reduce((a, r) => a + flagsOf(r).length, 0)};
  });
  entries.sort((a, b) => (a.runs === 0) - (b.runs === 0) || (b.mean || 0) - (a.mean || 0)
    || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  entries.forEach((e, i) => { e.rank = i + 1; });
  return entries;
}

function offline(path, p) {
  const runs = EMBEDDED.results.filter(r => (!p.benchmark || r.benchmark === p.benchmark) && (!p.suite || r.suite === p.suite)
    && (!p.agent || r.agent.name === p.agent) && (!p.repository || r.repository.name === p.repository)
    && (!p.platform || r.repository.platform === p.platform) && (!p.size || r.repository.size === p.size)).sort(newestFirst);
  if (path === "/api/v1/leaderboard") return {entries: offlineLeaderboard(runs)};
  if (path === "/api/v1/points") {
    return {points: runs.filter(r => !NOT_THE_AGENTS.has(r.status)).slice(0, p.limit || 2000).map(r => ({
      runId: r.runId, suite: r.suite, agent: r.agent.name, version: r.agent.version, repository: r.repository.name,
      platform: r.repository.platform, size: r.repository.size || "", status: r.status, measure: measureValue(r),
      tokens: r.usage.inputTokens + r.usage.outputTokens, flags: flagsOf(r).length}))};
  }
  if (path === "/api/v1/results") return {results: runs.slice(0, p.limit || 50), nextCursor: null};
  const id = decodeURIComponent(path.substring("/api/v1/results/".length));
  const run = EMBEDDED.results.find(r => r.runId === id);
  if (!run) throw new Error(path + ": no such run");
  return run;
}

async function fetchJson(path, parameters = {}) {
  if (EMBEDDED) return offline(path, parameters);
  const query = new URLSearchParams(Object.entries(parameters).filter(([, v]) => v !== "" && v !== undefined && v !== null));
  const response = await fetch(path + (query.toString() ? "?" + query : ""));
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return response.json();
}

function filters() {
  return {
    platform: document.getElementById("platform").value,
    size: document.getElementById("size").value,
    repository: document.getElementById("repository").value,
    suite: document.getElementById("suite").value,
  };
}

const fixed = (value, digits) => value === null || value === undefined ? "–" : Number(value).toFixed(digits);

function meanText(entry) {
  if (entry.mean === null) return "–";
  if (entry.ciLow === null) return fixed(entry.mean, 1) + " (one run)";
  return fixed(entry.mean, 1) + " ± " + fixed((entry.ciHigh - entry.ciLow) / 2, 1);
}

const BOARD_COLUMNS = [
  ["#", "num", e => e.rank], ["agent", "", e => e.agent], ["version", "", e => e.version],
  ["mean ± 95% CI", "num", meanText], ["CI", "num", e => e.ciLow === null ? "–" : "[" + fixed(e.ciLow, 1) + ", " + fixed(e.ciHigh, 1) + "]"],
  ["runs", "num", e => e.runs], ["repos", "num", e => e.repositories], ["tokens/run", "num", e => fixed(e.meanTokens, 0)],
  ["cost/run", "num", e => e.meanCostUsd === null ? "–" : "$" + fixed(e.meanCostUsd, 4)],
  ["time/run", "num", e => fixed(e.meanSeconds, 1) + " s"], ["flags", "num", e => e.flags], ["excluded", "num", e => e.excluded],
];

function renderBoard(benchmark, entries) {
  const table = document.getElementById("board-" + benchmark);
  const head = table.tHead;
  head.replaceChildren();
  const headRow = el("tr");
  BOARD_COLUMNS.forEach(([name, cls]) => headRow.appendChild(el("th", cls ? {class: cls} : {}, name)));
  head.appendChild(headRow);
  const body = table.tBodies[0];
  body.replaceChildren();
  if (entries.length === 0) {
    const row = el("tr");
    row.appendChild(el("td", {class: "empty", colspan: BOARD_COLUMNS.length}, "no runs yet"));
    body.appendChild(row);
    return;
  }
  for (const entry of entries) {
    const row = el("tr", {class: "clickable", "data-agent": entry.agent, "data-version": entry.version});
    BOARD_COLUMNS.forEach(([, cls, value]) => row.appendChild(el("td", cls ? {class: cls} : {}, value(entry))));
    row.children[1].style.color = colorOf(entry.agent);
    row.addEventListener("click", () => showRuns(benchmark, entry.agent, entry.version));
    body.appendChild(row);
  }
}

function axes(svg, width, height, margin, xLabel, yLabel, xMax, yMin, yMax) {
  const x = value => margin.left + (value / (xMax || 1)) * (width - margin.left - margin.right);
  const y = value => height - margin.bottom - ((value - yMin) / ((yMax - yMin) || 1)) * (height - margin.top - margin.bottom);
  svg.appendChild(svgEl("line", {x1: margin.left, y1: y(Math.max(yMin, 0)), x2: width - margin.right, y2: y(Math.max(yMin, 0)), stroke: "#9aa1ad"}));
  svg.appendChild(svgEl("line", {x1: margin.left, y1: margin.top, x2: margin.left, y2: height - margin.bottom, stroke: "#9aa1ad"}));
  for (let i = 0; i <= 4; i++) {
    const yValue = yMin + (yMax - yMin) * i / 4;
    svg.appendChild(svgEl("text", {x: margin.left - 6, y: y(yValue) + 4, "text-anchor": "end"}, fixed(yValue, 1)));
  }
  svg.appendChild(svgEl("text", {x: width / 2, y: height - 4, "text-anchor": "middle"}, xLabel));
  svg.appendChild(svgEl("text", {x: 12, y: margin.top - 6}, yLabel));
  return {x, y};
}

function legend(svg, agents, width) {
  const group = svgEl("g", {class: "legend"});
  const shown = agents.length > 15 ? agents.slice(0, 14) : agents;
  if (shown.length < agents.length) {
    group.appendChild(svgEl("text", {x: width - 135, y: 19 + 14 * 16}, `and ${agents.length - 14} more`));
  }
  shown.forEach((agent, i) => {
    group.appendChild(svgEl("rect", {x: width - 150, y: 10 + i * 16, width: 10, height: 10, fill: colorOf(agent)}));
    group.appendChild(svgEl("text", {x: width - 135, y: 19 + i * 16}, agent.length > 22 ? agent.slice(0, 21) + "…" : agent));
  });
  svg.appendChild(group);
}

function renderScatter(points) {
  const svg = document.getElementById("scatter");
  svg.replaceChildren();
  const width = 540, height = 300, margin = {top: 24, right: 160, bottom: 32, left: 48};
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  if (points.length === 0) {
    svg.appendChild(svgEl("text", {x: width / 2, y: height / 2, "text-anchor": "middle"}, "no runs yet"));
    return;
  }
  const xMax = Math.max(1, ...points.map(p => p.tokens));
  const yMin = Math.min(0, ...points.map(p => p.measure));
  const yMax = Math.max(1, ...points.map(p => p.measure));
  const {x, y} = axes(svg, width, height, margin, "tokens per run (max " + xMax + ")", "coverage gain (pp)", xMax, yMin, yMax);
  for (const point of points) {
    const dot = svgEl("circle", {cx: x(point.tokens), cy: y(point.measure), r: 4, fill: colorOf(point.agent), "fill-opacity": 0.75,
      class: "dot"});
    dot.appendChild(svgEl("title", {}, `${point.agent} on ${point.repository}: ${fixed(point.measure, 1)} pp, ${point.tokens} tokens`));
    svg.appendChild(dot);
  }
  legend(svg, [...new Set(points.map(p => p.agent))], width);
}

function renderBars(svgId, points, label) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const width = 540, height = 300, margin = {top: 24, right: 160, bottom: 48, left: 48};
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  if (points.length === 0) {
    svg.appendChild(svgEl("text", {x: width / 2, y: height / 2, "text-anchor": "middle"}, "no runs yet"));
    return;
  }
  const repositories = [...new Set(points.map(p => p.repository))].sort();
  const agents = [...new Set(points.map(p => p.agent))].sort();
  const means = new Map();
  for (const point of points) {
    const key = point.repository + "\u0000" + point.agent;
    const sum = means.get(key) || {total: 0, count: 0};
    sum.total += point.measure;
    sum.count += 1;
    means.set(key, sum);
  }
  const values = [...means.values()].map(s => s.total / s.count);
  const yMin = Math.min(0, ...values), yMax = Math.max(1, ...values);
  const {y} = axes(svg, width, height, margin, "", label, 1, yMin, yMax);
  const groupWidth = (width - margin.left - margin.right) / repositories.length;
  const barWidth = Math.max(2, (groupWidth - 8) / agents.length);
  repositories.forEach((repository, r) => {
    const left = margin.left + r * groupWidth + 4;
    agents.forEach((agent, a) => {
      const sum = means.get(repository + "\u0000" + agent);
      if (!sum) return;
      const mean = sum.total / sum.count;
      const top = Math.min(y(mean), y(0)), bottom = Math.max(y(mean), y(0));
      const bar = svgEl("rect", {x: left + a * barWidth, y: top, width: barWidth - 1, height: Math.max(1, bottom - top),
        fill: colorOf(agent), class: "bar"});
      bar.appendChild(svgEl("title", {}, `${agent} on ${repository}: ${fixed(mean, 1)} over ${sum.count} runs`));
      svg.appendChild(bar);
    });
    svg.appendChild(svgEl("text", {x: left + groupWidth / 2 - 4, y: height - margin.bottom + 14, "text-anchor": "middle"},
      repository.length > 14 ? repository.slice(0, 13) + "…" : repository));
  });
  legend(svg, agents, width);
}

function fillSelect(id, values) {
  const select = document.getElementById(id);
  const current = select.value;
  select.replaceChildren(el("option", {value: ""}, "all"));
  for (const value of [...values].sort()) select.appendChild(el("option", {value}, value));
  select.value = values.has(current) ? current : "";
}

async function refresh() {
  document.body.dataset.ready = "false";
  const chosen = filters();
  const everything = await Promise.all(BENCHMARKS.map(b => fetchJson("/api/v1/points", {benchmark: b, limit: 5000})));
  fillSelect("platform", new Set(everything.flatMap(p => p.points.map(x => x.platform))));
  fillSelect("size", new Set(everything.flatMap(p => p.points.map(x => x.size)).filter(size => size !== "")));
  fillSelect("repository", new Set(everything.flatMap(p => p.points.map(x => x.repository))));
  fillSelect("suite", new Set(everything.flatMap(p => p.points.map(x => x.suite))));
  for (const benchmark of BENCHMARKS) {
    const [board, points] = await Promise.all([
      fetchJson("/api/v1/leaderboard", {benchmark, ...chosen}),
      fetchJson("/api/v1/points", {benchmark, ...chosen, limit: 5000}),
    ]);
    board.entries.forEach(e => colorOf(e.agent));
    renderBoard(benchmark, board.entries);
    if (benchmark === "test-writing") renderScatter(points.points);
    renderBars("bars-" + benchmark, points.points, benchmark === "test-writing" ? "gain (pp)" : "score (%)");
  }
  document.body.dataset.ready = "true";
}

function measureOf(result) {
  const writing = result.benchmark === "test-writing";
  if (writing ? !(result.testWriting && result.testWriting.delta) : !result.testRunning) return "–";
  return fixed(measureValue(result), 1) + (writing ? " pp" : " %");
}

function flagsOf(result) {
  return (result.testWriting ? result.testWriting.violations : []).concat(result.testRunning ? result.testRunning.flags : []);
}

async function showRuns(benchmark, agent, version) {
  const {size, ...chosen} = filters();
  const page = await fetchJson("/api/v1/results", {benchmark, agent, ...chosen, limit: 200});
  // the results API has no size filter: runs of other size classes are left out here
  const runs = page.results.filter(r => r.agent.version === version && (!size || r.repository.size === size));
  const section = document.getElementById("runs");
  document.getElementById("runs-title").textContent = `${agent} ${version}: ${benchmark} runs (newest first)`;
  const table = document.getElementById("runs-table");
  table.tHead.replaceChildren();
  const head = el("tr");
  ["started", "repository", "target", "status", "measure", "tokens", "flags"].forEach(n => head.appendChild(el("th", {}, n)));
  table.tHead.appendChild(head);
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const run of runs) {
    const row = el("tr", {class: "clickable", "data-run": run.runId});
    [run.startedAt.replace("T", " ").slice(0, 19), run.repository.name, run.target || "–", run.status, measureOf(run),
      run.usage.inputTokens + run.usage.outputTokens, flagsOf(run).length].forEach(v => row.appendChild(el("td", {}, v)));
    row.addEventListener("click", () => showRun(run.runId));
    body.appendChild(row);
  }
  section.hidden = false;
  section.scrollIntoView();
}

async function showRun(runId) {
  const run = await fetchJson("/api/v1/results/" + encodeURIComponent(runId));
  document.getElementById("run-title").textContent = "Run " + run.runId;
  const facts = document.getElementById("run-facts");
  facts.replaceChildren();
  const add = (name, value) => { facts.appendChild(el("dt", {}, name)); facts.appendChild(el("dd", {}, value)); };
  add("agent", run.agent.name + " " + run.agent.version);
  add("repository", run.repository.name + " @ " + run.repository.commit.slice(0, 12) + " (" + run.repository.platform + ")");
  add("benchmark", run.benchmark + (run.target ? " on " + run.target : ""));
  add("status", run.status + (run.error ? ": " + run.error.message : ""));
  add("measure", measureOf(run));
  add("tokens", (run.usage.inputTokens + run.usage.outputTokens) + " in " + run.usage.requests + " requests");
  add("cost", run.costUsd === null ? "unknown" : "$" + run.costUsd);
  add("isolation", run.isolation ? run.isolation.sandbox + " (network " + Object.values(run.isolation.network).join("/") + ")" : "–");
  const flags = document.getElementById("run-flags");
  flags.replaceChildren();
  const list = flagsOf(run);
  if (list.length === 0) flags.appendChild(el("p", {}, "No flags."));
  for (const flag of list) {
    const box = el("div", {class: "flag"});
    box.appendChild(el("strong", {}, flag.kind));
    box.appendChild(document.createTextNode(" " + flag.subject + ": " + flag.message));
    if (flag.evidence) box.appendChild(el("pre", {}, flag.evidence));
    flags.appendChild(box);
  }
  const section = document.getElementById("run");
  section.hidden = false;
  section.scrollIntoView();
}

document.getElementById("filters").addEventListener("change", () => refresh().catch(showError));

function renderComparison(comparison) {
  const section = document.getElementById("comparison");
  section.hidden = false;
  document.getElementById("comparison-title").textContent =
    `${comparison.agentA} against ${comparison.agentB}: ${comparison.benchmark}, paired by repository and target`;
  document.getElementById("comparison-summary").textContent = comparison.pairs.length === 0
    ? "They ran on no repository and target in common."
    : comparison.ciLow === null
      ? `Difference ${fixed(comparison.meanDifference, 1)} on the one pair (no interval); positive favours ${comparison.agentA}.`
      : `Mean difference ${fixed(comparison.meanDifference, 1)} ± ${fixed((comparison.ciHigh - comparison.ciLow) / 2, 1)}, `
        + `95% CI [${fixed(comparison.ciLow, 1)}, ${fixed(comparison.ciHigh, 1)}] over ${comparison.pairs.length} pairs; `
        + `positive favours ${comparison.agentA}.`;
  const table = document.getElementById("comparison-table");
  const head = el("tr");
  ["repository", "target", comparison.agentA + " (mean)", comparison.agentB + " (mean)", "difference"].forEach(n => head.appendChild(el("th", {}, n)));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...comparison.pairs.map(pair => {
    const row = el("tr");
    [pair.repository, pair.target || "–", fixed(pair.meanA, 1), fixed(pair.meanB, 1), fixed(pair.difference, 1)]
      .forEach(v => row.appendChild(el("td", {}, v)));
    return row;
  }));
}

if (EMBEDDED) {
  document.title = EMBEDDED.title;
  document.querySelector("h1").textContent = EMBEDDED.title;
  document.querySelector("footer").textContent = `${EMBEDDED.results.length} results from ${EMBEDDED.source}, written ${EMBEDDED.generatedAt} by drydock report --html.`;
  if (EMBEDDED.comparison) renderComparison(EMBEDDED.comparison);
}

function showError(error) {
  const note = el("p", {class: "empty", id: "error"}, "The server could not be read: " + error.message);
  document.querySelector("main").prepend(note);
  document.body.dataset.ready = "error";
}

refresh().catch(showError);
