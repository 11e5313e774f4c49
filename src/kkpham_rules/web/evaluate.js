// Scoring one region: the form generated from the regulation's rights and
// dimensions (GET /regulations/{id}), or an uploaded file; then the scorecard
// (POST /evaluate's Evaluation JSON), its chart, warnings and legal basis.

import { call, getJson, pagesOwn, regulationPath, ServiceError } from "./api.js";
import { rightsChart } from "./charts.js";
import { typed } from "./decimal.js";
import { byId, download, el, narrow, replace, sourceLink } from "./dom.js";
import { lang, named, number, t } from "./i18n.js";
import { clearProblems, showError, showProblems } from "./problems.js";

const DIMENSIONS = ["struktur", "proses", "hasil"];
// POST a submission, get its audit record (kkpham_rules.make_record): offered only if
// the service's OpenAPI document lists it, else the button stays hidden
const RECORD_PATH = "/evaluate/record";

let regulation = null; // the chosen regulation, as GET /regulations/{id} declares it
let evaluationText = ""; // the service's exact bytes, for the download
let evaluation = null;
let warnings = null; // the evaluation's warnings, worded in warningsLang
let warningsLang = null;
let submissionText = ""; // what was scored, for the audit record
let scoredQuery = ""; // how its regulation was chosen: the record must be made the same way
let note = null; // a label key and its fields, shown above the scorecard
let fileWarnings = []; // what reading a table warned of (X-KKPHAM-Warnings), already worded

const form = () => byId("evaluate-form");
const box = () => byId("evaluate-errors");

/** Show the audit-record button only if the service offers records (`paths` of its OpenAPI). */
export function offer(paths) {
  byId("download-record").hidden = !paths.has(RECORD_PATH);
}

/** Show the form for regulation `id`. */
export async function chooseRegulation(id) {
  regulation = await getJson(regulationPath(id));
  byId("evaluate-regulation").value = id;
  const year = byId("assessment-year");
  if (!year.value) year.value = String(regulation.governs.last || regulation.governs.first);
  renderForm();
}

function renderTemplates() {
  const path = `${regulationPath(regulation.id)}/template`;
  for (const format of ["json", "xlsx", "csv"]) {
    const link = byId(`template-${format}`);
    link.textContent = t("page.template", { format: format.toUpperCase() });
    link.href = `${path}?format=${format}&lang=${lang()}`;
    link.setAttribute("download", `templat-${regulation.short_name.replace(/\W+/g, "-")}.${format}`);
  }
}

/** Draw the table of shares for the chosen regulation, keeping the values typed so far. */
export function renderForm() {
  if (!regulation) return;
  renderTemplates();
  const kept = {};
  for (const input of byId("shares-body").querySelectorAll("input")) {
    // a number typed stays that number, written with the page language's decimal sign
    const given = typed(input.value);
    kept[input.dataset.pointer] = given === null ? input.value : number(given);
  }
  replace(
    byId("shares-head"),
    el("th", { scope: "col", id: "shares-right" }, t("report.right")),
    DIMENSIONS.map((dimension) => el("th", { scope: "col", id: `shares-${dimension}` }, t(`workbook.${dimension}`))),
  );
  replace(
    byId("shares-body"),
    regulation.rights.map((right, row) =>
      el(
        "tr",
        {},
        el("th", { scope: "row", id: `shares-row-${row}` }, named(right, "name")),
        DIMENSIONS.map((dimension) => {
          const pointer = `/dimensions/${right.id}/${dimension}`;
          return el(
            "td",
            {},
            el("input", {
              type: "text",
              inputmode: "decimal",
              autocomplete: "off",
              class: "share",
              id: `share-${row}-${dimension}`,
              "aria-labelledby": `shares-row-${row} shares-${dimension}`,
              "data-pointer": pointer,
              value: kept[pointer] || "",
            }),
          );
        }),
      ),
    ),
  );
}

/** The form's field for one right's dimension, or null. */
function shareInput(right, dimension) {
  const pointer = CSS.escape(`/dimensions/${right}/${dimension}`);
  return byId("shares-body").querySelector(`input[data-pointer="${pointer}"]`);
}

/** A JSON number written as the digits typed (85,5 -> 85.5), or the text as a string. */
function jsonNumber(text) {
  const given = typed(text);
  return given === null ? JSON.stringify(text) : given;
}

/** The form as the JSON text of a submission: numbers exactly as typed, never via a float. */
function submissionJson() {
  const rights = [];
  for (const right of regulation.rights) {
    const parts = [];
    for (const dimension of DIMENSIONS) {
      const input = shareInput(right.id, dimension);
      if (input.value.trim() !== "") parts.push(`${JSON.stringify(dimension)}: ${jsonNumber(input.value)}`);
    }
    if (parts.length) rights.push(`    ${JSON.stringify(right.id)}: {${parts.join(", ")}}`);
  }
  const year = byId("assessment-year").value.trim();
  return [
    "{",
    `  "region": {"code": ${JSON.stringify(byId("region-code").value.trim())}, "name": ${JSON.stringify(byId("region-name").value.trim())}},`,
    `  "assessment_year": ${/^\d{1,4}$/.test(year) ? String(Number(year)) : JSON.stringify(year)},`,
    `  "regulation": ${JSON.stringify(regulation.id)},`,
    "  \"dimensions\": {",
    rights.join(",\n"),
    "  }",
    "}",
    "",
  ].join("\n");
}

function busy(on) {
  byId("evaluate-status").textContent = on ? t("page.working") : "";
  byId("evaluate-button").disabled = on;
  byId("upload-button").disabled = on;
}

async function score(body, query, headers) {
  busy(true);
  clearProblems(form(), box());
  try {
    const response = await call(`/evaluate${query}`, { method: "POST", body, headers });
    return await response.text();
  } finally {
    busy(false);
  }
}

/** Score what the form holds. */
export async function evaluateForm(event) {
  event.preventDefault();
  note = null;
  fileWarnings = [];
  const body = submissionJson();
  try {
    const query = `?regulation=${encodeURIComponent(regulation.id)}`;
    const text = await score(body, query, { "Content-Type": "application/json" });
    submissionText = body;
    scoredQuery = query;
    await show(text);
  } catch (error) {
    failed(error);
  }
}

const COHORT_TYPES = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  jsonl: "application/x-ndjson",
  yaml: "application/yaml",
  yml: "application/yaml",
};

/** Score an uploaded file: JSON through POST /evaluate, the others through /evaluate/cohort. */
export async function evaluateUpload(event) {
  event.preventDefault();
  note = null;
  fileWarnings = [];
  const file = byId("upload-file").files[0];
  if (!file) {
    showProblems([pagesOwn("page.no_file")], { form: byId("upload-form"), box: box() });
    return;
  }
  const suffix = (file.name.split(".").pop() || "").toLowerCase();
  try {
    if (suffix === "json") {
      const body = await file.text();
      const text = await score(body, "", { "Content-Type": "application/json" });
      submissionText = body;
      scoredQuery = ""; // chosen by the data year, as the file was scored
      await show(text, true);
      return;
    }
    busy(true);
    clearProblems(form(), box());
    let response;
    try {
      response = await call("/evaluate/cohort", {
        method: "POST",
        body: file,
        headers: { "Content-Type": COHORT_TYPES[suffix] || file.type || "application/octet-stream" },
      });
    } finally {
      busy(false);
    }
    fileWarnings = readWarnings(response);
    const lines = (await response.text()).split("\n").filter((line) => line.trim());
    if (lines.length > 1) note = ["page.first_of_many", { count: number(String(lines.length)) }];
    await show(lines[0], true);
    // the form now holds what was scored: an audit record is made of it
    submissionText = submissionJson();
    scoredQuery = "";
  } catch (error) {
    failed(error, { placed: false });
  }
}

/** The warnings a table's reading gave (the first 20, as the service sends them). */
function readWarnings(response) {
  try {
    const said = JSON.parse(response.headers.get("x-kkpham-warnings") || "[]");
    return Array.isArray(said) ? said : [];
  } catch {
    return []; // a header the page cannot read hides nothing the scorecard needs
  }
}

function failed(error, { placed = true } = {}) {
  if (!(error instanceof ServiceError)) throw error;
  // a file's problems are listed with their places in the file, not beside the form's fields
  showError(error, { form: placed ? form() : null, box: box() });
}

/** Show the evaluation the service sent (its exact text); `fill` puts its values in the form. */
async function show(text, fill = false) {
  evaluationText = text;
  evaluation = JSON.parse(text);
  warnings = null;
  if (fill) await fillForm();
  await render();
  byId("scorecard").hidden = false;
  byId("scorecard-heading").focus({ preventScroll: true });
  byId("scorecard").scrollIntoView({ block: "start" });
}

async function fillForm() {
  if (!regulation || regulation.id !== evaluation.regulation.id) await chooseRegulation(evaluation.regulation.id);
  byId("region-code").value = evaluation.region.code;
  byId("region-name").value = evaluation.region.name;
  byId("assessment-year").value = String(evaluation.assessment_year);
  for (const right of evaluation.rights) {
    for (const part of right.dimensions) {
      const input = shareInput(right.id, part.dimension);
      if (input) input.value = part.source === "dimension" ? number(part.achievement_percent, { trim: true }) : "";
    }
  }
}

async function wordedWarnings() {
  if (!evaluation.warnings.length) return [];
  if (warnings && warningsLang === lang()) return warnings;
  const response = await call(`/labels/warnings?lang=${lang()}`, {
    method: "POST",
    body: evaluationText,
    headers: { "Content-Type": "application/json" },
  });
  warnings = (await response.json()).warnings;
  warningsLang = lang();
  return warnings;
}

function citationCells(citation) {
  // the law's own words for its parts, as kkpham_rules.model.locator writes them in both languages
  const where = [citation.pasal && `Pasal ${citation.pasal}`, citation.ayat && `ayat (${citation.ayat})`, citation.lampiran && `Lampiran ${citation.lampiran}`]
    .filter(Boolean)
    .join(" ");
  const sources = (citation.sources || []).map((address) => el("li", {}, sourceLink(address)));
  return [
    el("td", {}, where || t("citation.not_located")),
    el("td", { class: `status-${citation.status}` }, t(`citation.${citation.status}`)),
    el("td", {}, sources.length ? el("ul", { class: "sources" }, sources) : "\u2014"),
  ];
}

/** Draw the scorecard in the page's language. */
export async function render() {
  if (!evaluation) return;
  const shown = evaluation;
  const noteNode = byId("scorecard-note");
  noteNode.hidden = !note;
  noteNode.textContent = note ? t(note[0], note[1]) : "";
  byId("scorecard-region").textContent = t("explain.region", {
    name: shown.region.name,
    code: shown.region.code,
    year: shown.assessment_year,
  });
  byId("scorecard-regulation").textContent = t("page.scored_under", {
    regulation: shown.regulation.short_name,
    revision: shown.regulation.revision,
  });
  byId("scorecard-total").textContent = number(shown.total_score);
  byId("scorecard-max").textContent = `/ ${number(shown.max_score, { trim: true })}`;
  byId("scorecard-category").textContent = named(shown.category, "label");
  byId("scorecard-category").dataset.code = shown.category.code;
  byId("scorecard-awarded").textContent = shown.category.awarded ? t("report.awarded") : t("page.not_awarded");
  const categoryBox = byId("scorecard-category").closest(".figure");
  categoryBox.classList.toggle("awarded", shown.category.awarded);
  categoryBox.classList.toggle("not-awarded", !shown.category.awarded);
  byId("scorecard-total").dataset.value = shown.total_score;

  const available = shown.rights.length ? shown.rights[0].dimensions : [];
  replace(
    byId("rights-head"),
    el("th", { scope: "col" }, t("report.right")),
    available.map((part) =>
      el("th", { scope: "col", class: "n" }, t("page.points_of", { dimension: t(`report.${part.dimension}`), max: number(part.points_available, { trim: true }) })),
    ),
    el("th", { scope: "col", class: "n" }, t("report.score")),
  );
  replace(
    byId("rights-body"),
    shown.rights.map((right) =>
      el(
        "tr",
        { "data-right": right.id },
        el("th", { scope: "row" }, named(right, "name")),
        right.dimensions.map((part) => el("td", { class: "n" }, number(part.points_earned, { trim: true }))),
        el("td", { class: "n strong" }, number(right.score)),
      ),
    ),
  );
  replace(byId("rights-chart"), rightsChart(shown, { compact: narrow() }));

  const traceRows = [
    el("tr", {}, el("th", { scope: "row" }, t("page.trace_points", Object.fromEntries(Object.entries(shown.scoring.dimension_points).map(([key, value]) => [key, number(value, { trim: true })])))), citationCells(shown.scoring.citation)),
    el("tr", {}, el("th", { scope: "row" }, t("page.trace_rounding", { places: shown.rounding.score_places })), citationCells(shown.rounding.citation)),
    el("tr", {}, el("th", { scope: "row" }, t("page.trace_category", { label: named(shown.category, "label") })), citationCells(shown.category.citation)),
    ...shown.rights.map((right) => el("tr", {}, el("th", { scope: "row" }, named(right, "name")), citationCells(right.citation))),
  ];
  replace(byId("trace-body"), traceRows);

  const block = byId("warnings-block");
  block.hidden = !shown.warnings.length && !fileWarnings.length;
  let said = [];
  try {
    said = await wordedWarnings();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    said = shown.warnings.map((warning) => ({ localized_message: warning.message }));
  }
  replace(
    byId("warnings-list"),
    [...fileWarnings, ...said].map((warning) => el("li", {}, warning.localized_message || warning.message)),
  );
}

/** Offer the evaluation's exact JSON. */
export function downloadEvaluation() {
  const name = `evaluasi-${evaluation.region.code}-${evaluation.assessment_year}.json`;
  download(new Blob([evaluationText], { type: "application/json" }), name);
}

/** Ask the service for an audit record of what was scored, and offer it. */
export async function downloadRecord() {
  const errors = byId("record-errors");
  clearProblems(null, errors);
  try {
    const response = await call(`${RECORD_PATH}${scoredQuery}`, {
      method: "POST",
      body: submissionText,
      headers: { "Content-Type": "application/json" },
    });
    const name = `catatan-audit-${evaluation.region.code}-${evaluation.assessment_year}.json`;
    download(await response.blob(), name);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    showError(error, { box: errors });
  }
}
