// What-if over a cohort: the regions (an uploaded file, or a synthetic cohort
// the service makes from a size and a seed), the variant the controls build,
// POST /simulate, and its answer (Simulation.to_json()): the category
// transition matrix, the spread of the totals, the regions that change category.

import { call, getJson, pagesOwn, regulationPath, ServiceError } from "./api.js";
import { distributionChart } from "./charts.js";
import { normalize } from "./decimal.js";
import { attachmentName, byId, download, el, narrow, replace } from "./dom.js";
import { named, number, t } from "./i18n.js";
import { clearProblems, showError, showProblems } from "./problems.js";
import { controlPointer, onChange, render as renderControls, reset, useBase, variantDocument, variantYaml } from "./variant.js";

const MOVERS_SHOWN = 500;

let base = null; // the base regulation, as GET /regulations/{id} declares it
let simulation = null;
let simulationText = "";
let sent = null; // the form data of the last run, for the downloads
let sentYaml = "";
let sentDocument = null;

const form = () => byId("whatif-form");
const box = () => byId("whatif-errors");

/** Use regulation `id` as the base: its controls, at its own values. */
export async function chooseBase(id) {
  base = await getJson(regulationPath(id));
  byId("whatif-base").value = id;
  useBase(base);
  showYaml();
}

/** Show the YAML of the variant the controls describe. */
export function showYaml() {
  const text = variantYaml();
  byId("variant-yaml").textContent = text;
  byId("variant-yaml").hidden = !text;
  byId("no-changes").hidden = Boolean(text);
  byId("run-button").disabled = !text;
  byId("download-yaml").disabled = !text;
}

/** Wire the what-if part's controls. */
export function start() {
  onChange(showYaml);
  for (const id of ["variant-id", "variant-title"]) byId(id).addEventListener("input", showYaml);
  byId("variant-title").addEventListener("input", () => {
    byId("variant-title").dataset.auto = "no";
  });
  byId("variant-reset").addEventListener("click", () => {
    reset();
    showYaml();
  });
  for (const radio of document.querySelectorAll("input[name=cohort-kind]")) radio.addEventListener("change", showCohortKind);
  showCohortKind();
  byId("whatif-base").addEventListener("change", (event) => chooseBase(event.target.value).catch(failed));
  form().addEventListener("submit", run);
  byId("download-yaml").addEventListener("click", () => downloadYaml(variantYaml(), variantDocument()));
  byId("download-yaml-again").addEventListener("click", () => downloadYaml(sentYaml, sentDocument));
  byId("download-csv").addEventListener("click", () => downloadTable("csv"));
  byId("download-xlsx").addEventListener("click", () => downloadTable("xlsx"));
  byId("download-simulation").addEventListener("click", () =>
    download(new Blob([simulationText], { type: "application/json" }), "simulasi.json"),
  );
}

function showCohortKind() {
  const synthetic = byId("cohort-synthetic").checked;
  byId("synthetic-fields").hidden = !synthetic;
  byId("upload-fields").hidden = synthetic;
}

function downloadYaml(text, variant) {
  const name = `${(variant && variant.id) || "varian"}.yaml`.replace(/[^\w.-]+/g, "-");
  download(new Blob([text], { type: "application/yaml" }), name);
}

function formData(yaml) {
  const data = new FormData();
  if (byId("cohort-synthetic").checked) {
    data.append("synthetic", byId("synthetic-regions").value.trim());
    data.append("seed", byId("synthetic-seed").value.trim());
  } else {
    const file = byId("cohort-file").files[0];
    if (!file) return null;
    data.append("cohort", file, file.name);
  }
  data.append("regulation", base.id);
  data.append("variant", new Blob([yaml], { type: "application/yaml" }), "variant.yaml");
  return data;
}

function busy(on) {
  byId("whatif-status").textContent = on ? t("page.working") : "";
  byId("run-button").disabled = on || !variantYaml();
}

function failed(error) {
  if (!(error instanceof ServiceError)) throw error;
  showError(error, { form: form(), box: box(), mapPointer: controlPointer });
}

async function run(event) {
  event.preventDefault();
  clearProblems(form(), box());
  const yaml = variantYaml();
  const variant = variantDocument();
  if (!yaml) return;
  const data = formData(yaml);
  if (!data) {
    showProblems([pagesOwn("page.no_file", {}, "/cohort")], { form: form(), box: box() });
    return;
  }
  busy(true);
  try {
    const response = await call("/simulate", { method: "POST", body: data });
    simulationText = await response.text();
    simulation = JSON.parse(simulationText);
    sent = data;
    sentYaml = yaml;
    sentDocument = variant;
    render();
    byId("simulation").hidden = false;
    byId("simulation-heading").focus({ preventScroll: true });
    byId("simulation-heading").scrollIntoView({ block: "start" });
  } catch (error) {
    failed(error);
  } finally {
    busy(false);
  }
}

async function downloadTable(format) {
  const errors = byId("download-errors");
  clearProblems(null, errors);
  try {
    const response = await call(`/simulate?download=${format}`, { method: "POST", body: sent });
    download(await response.blob(), attachmentName(response, `kabupaten-kota.${format}`));
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    showError(error, { box: errors });
  }
}

function categoryName(code) {
  const found = base.categories.find((category) => category.code === code);
  return found ? named(found, "label") : code;
}

function matrix(outcome) {
  const present = new Set(Object.keys(outcome.transitions));
  for (const row of Object.values(outcome.transitions)) for (const code of Object.keys(row)) present.add(code);
  // every base category, so the matrix is square; a code only a variant has comes last
  const codes = [...simulation.categories, ...[...present].filter((code) => !simulation.categories.includes(code)).sort()];
  const cell = (from, to) => (outcome.transitions[from] || {})[to] || 0;
  const columnTotals = codes.map((to) => codes.reduce((sum, from) => sum + cell(from, to), 0));
  return [
    el("caption", { class: "visually-hidden" }, t("page.matrix_caption")),
    el(
      "thead",
      {},
      el("tr", {}, el("td", { class: "corner" }, t("page.matrix_corner")), codes.map((code) => el("th", { scope: "col", "data-code": code }, categoryName(code))), el("th", { scope: "col", class: "total" }, t("page.row_total"))),
    ),
    el(
      "tbody",
      {},
      codes.map((from) => {
        const total = codes.reduce((sum, to) => sum + cell(from, to), 0);
        return el(
          "tr",
          {},
          el("th", { scope: "row", "data-code": from }, categoryName(from)),
          codes.map((to) => {
            const count = cell(from, to);
            const kind = from === to ? "stay" : count ? "move" : "empty";
            return el("td", { class: `n ${kind}`, "data-from": from, "data-to": to, "data-count": count }, number(String(count)));
          }),
          el("td", { class: "n total" }, number(String(total))),
        );
      }),
    ),
    el(
      "tfoot",
      {},
      el("tr", {}, el("th", { scope: "row" }, t("page.row_total")), columnTotals.map((total) => el("td", { class: "n total" }, number(String(total)))), el("td", { class: "n total" }, number(String(simulation.regions)))),
    ),
  ];
}

const STATISTICS = ["count", "mean", "minimum", "quartile_1", "median", "quartile_3", "maximum"];

function statistics(outcome, variantName) {
  const value = (distribution, key) => (key === "count" ? number(String(distribution.count)) : number(distribution[key]));
  return [
    el("thead", {}, el("tr", {}, el("td", {}), el("th", { scope: "col", class: "n" }, t("chart.base")), el("th", { scope: "col", class: "n" }, variantName))),
    el(
      "tbody",
      {},
      STATISTICS.map((key) =>
        el("tr", {}, el("th", { scope: "row" }, t(`page.stat_${key}`)), el("td", { class: "n" }, value(simulation.base.distribution, key)), el("td", { class: "n" }, value(outcome.scores.distribution, key))),
      ),
    ),
  ];
}

function movers(outcome) {
  const head = el(
    "thead",
    {},
    el(
      "tr",
      {},
      ["page.code", "report.region", "page.base_score", "page.base_category", "page.variant_score", "page.variant_category", "report.delta"].map((key, index) =>
        el("th", { scope: "col", class: [0, 1, 3, 5].includes(index) ? null : "n" }, t(key)),
      ),
    ),
  );
  if (!outcome.movers.length) {
    return [head, el("tbody", {}, el("tr", {}, el("td", { colspan: 7 }, t("report.no_movers"))))];
  }
  const rows = outcome.movers.slice(0, MOVERS_SHOWN).map((mover) =>
    el(
      "tr",
      { "data-region": mover.region_code },
      el("td", {}, mover.region_code),
      el("td", { class: "region-name" }, mover.region_name),
      el("td", { class: "n" }, number(mover.base_score)),
      el("td", {}, categoryName(mover.base_category)),
      el("td", { class: "n" }, number(mover.variant_score)),
      el("td", {}, categoryName(mover.variant_category)),
      el("td", { class: "n" }, number(mover.delta.startsWith("-") ? mover.delta : `+${mover.delta}`)),
    ),
  );
  return [head, el("tbody", {}, rows)];
}

function variantBounds(outcome) {
  const changes = outcome.lineage.changes || [];
  const lowers = Object.fromEntries(base.categories.map((category) => [category.code, normalize(category.lower)]));
  for (const change of changes) {
    if (change.op !== "set_category_bounds") continue;
    for (const [code, bounds] of Object.entries(change.categories)) {
      if (bounds.lower !== undefined && bounds.lower !== null) lowers[code] = normalize(String(bounds.lower));
    }
  }
  return Object.values(lowers).filter((value) => value !== "0");
}

/** Redraw the controls and the results in the page's language. */
export function relabel() {
  renderControls();
  showYaml();
  render();
}

/** Draw the simulation's results in the page's language. */
export function render() {
  if (!simulation) return;
  const outcome = simulation.variants[0];
  const variantName = t("page.variant_series", { id: outcome.lineage.variant });
  byId("moved-sentence").textContent = t("report.moved_sentence", {
    moved: number(String(outcome.movers.length)),
    regions: number(String(simulation.regions)),
    mean: number(outcome.delta_distribution.mean),
  });
  replace(byId("transition-matrix"), matrix(outcome));
  byId("distribution-heading").textContent = `${t("chart.distribution")}, ${number(String(simulation.regions))} ${t("chart.regions")}`;
  replace(
    byId("distribution-chart"),
    distributionChart(simulation, outcome, {
      maximum: base.scoring.right_max,
      places: base.scoring.score_places,
      bounds: {
        base: base.categories.map((category) => normalize(category.lower)).filter((value) => value !== "0"),
        variant: variantBounds(outcome),
      },
      variantName,
      compact: narrow(),
    }),
  );
  replace(byId("statistics-table"), statistics(outcome, variantName));
  replace(byId("movers-table"), movers(outcome));
  const more = outcome.movers.length - MOVERS_SHOWN;
  byId("movers-more").hidden = more <= 0;
  byId("movers-more").textContent = more > 0 ? t("page.movers_more", { more: number(String(more)) }) : "";
}
