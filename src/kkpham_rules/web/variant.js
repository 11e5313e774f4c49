// The what-if controls and the variant they build (kkpham-variant/1, see
// kkpham_rules.policy.variants): category bounds, dimension points and right
// weights, each a slider with a number field. Only what differs from the base
// becomes a change; the YAML shown is the document sent to POST /simulate.

import { less, normalize, same, scaled, typed, unscaled } from "./decimal.js";
import { byId, el, replace } from "./dom.js";
import { named, number, t } from "./i18n.js";
import { toYaml } from "./yaml.js";

let base = null; // the base regulation as GET /regulations/{id} declares it
const listeners = [];

/** Call `listener` whenever a control changes. */
export function onChange(listener) {
  listeners.push(listener);
}

function changed() {
  for (const listener of listeners) listener();
}

function ordered(categories) {
  // best first: the highest lower bound first
  return [...categories].sort((a, b) => (less(b.lower, a.lower) ? -1 : less(a.lower, b.lower) ? 1 : 0));
}

/** The categories with a lower bound above zero: those whose bound can move. */
function movable(categories) {
  return ordered(categories).filter((category) => !same(category.lower, "0"));
}

/** A number field and a slider for one value, kept in step; `pointer` places problems. */
function control({ id, label, value, min, max, step, pointer, fence = (wanted) => wanted }) {
  const field = el("input", {
    id,
    type: "text",
    inputmode: "decimal",
    autocomplete: "off",
    value: number(value, { trim: true }),
    "data-pointer": pointer,
    "data-base": value,
  });
  const slider = el("input", {
    type: "range",
    min,
    max,
    step,
    value,
    "aria-label": t("page.slider", { name: label }),
    tabindex: 0,
  });
  slider.addEventListener("input", () => {
    const allowed = fence(slider.value);
    if (allowed !== slider.value) slider.value = allowed;
    field.value = number(slider.value);
    field.classList.toggle("moved", !same(slider.value, value));
    changed();
  });
  field.addEventListener("input", () => {
    const given = typed(field.value);
    if (given !== null) slider.value = given;
    field.classList.toggle("moved", given === null || !same(given, value));
    changed();
  });
  return el("div", { class: "control" }, el("label", { for: id }, label), el("div", { class: "pair" }, slider, field));
}

/** The typed value of a control's number field: a decimal string, or what was typed. */
function valueOf(id) {
  const field = byId(id);
  const given = typed(field.value);
  return given === null ? { text: field.value.trim() } : { decimal: given };
}

function differs(id) {
  const field = byId(id);
  const given = typed(field.value);
  return given === null || !same(given, field.dataset.base);
}

const DIMENSIONS = ["struktur", "proses", "hasil"];

/** Build the controls for `regulation` (GET /regulations/{id}), all at the base's values. */
export function useBase(regulation) {
  base = regulation;
  render();
}

/** Redraw the controls in the page's language, keeping the values moved so far. */
export function render() {
  if (!base) return;
  const kept = {};
  for (const node of document.querySelectorAll("#bounds-controls input[type=text], #points-controls input[type=text], #weights-controls input[type=text]")) {
    const given = typed(node.value);
    kept[node.id] = given === null ? node.value : number(given);
  }
  const top = base.scoring.right_max;
  const categories = movable(base.categories);
  replace(
    byId("bounds-controls"),
    categories.map((category) =>
      control({
        id: `bound-${category.code}`,
        label: t("page.bound", { label: named(category, "label") }),
        value: normalize(category.lower),
        min: 0,
        max: top,
        step: 0.5,
        pointer: `/changes/bounds/${category.code}`,
        fence: (wanted) => fenced(category.code, wanted),
      }),
    ),
  );
  byId("bounds-controls").dataset.pointer = "/changes/bounds";
  byId("points-heading").textContent = t("page.points", { max: number(top, { trim: true }) });
  replace(
    byId("points-controls"),
    DIMENSIONS.map((dimension) =>
      control({
        id: `points-${dimension}`,
        label: t(`workbook.${dimension}`).replace(" (%)", ""),
        value: normalize(base.scoring.dimension_points[dimension]),
        min: 0,
        max: top,
        step: 1,
        pointer: `/changes/points/${dimension}`,
      }),
    ),
  );
  byId("points-controls").dataset.pointer = "/changes/points";
  replace(
    byId("weights-controls"),
    base.rights.map((right) =>
      control({
        id: `weight-${right.id}`,
        label: named(right, "name"),
        value: normalize(right.weight || "1"),
        min: 0.1,
        max: 5,
        step: 0.1,
        pointer: `/changes/weights/${right.id}`,
      }),
    ),
  );
  byId("weights-controls").dataset.pointer = "/changes/weights";
  for (const [id, value] of Object.entries(kept)) {
    const node = document.getElementById(id);
    if (node && node.value !== value) {
      node.value = value;
      node.dispatchEvent(new Event("input"));
    }
  }
  const title = byId("variant-title");
  if (!title.value || title.dataset.auto === "yes") {
    title.value = t("page.variant_default_title");
    title.dataset.auto = "yes";
  }
  showSum();
}

/**
 * The value a bound's slider may take: strictly between its neighbours' bounds, so
 * that the categories still follow each other (the number fields stay free: the
 * service names any overlap). Every slider keeps the whole scale, 0 to the maximum.
 */
function fenced(code, wanted) {
  const codes = movable(base.categories).map((category) => category.code);
  const index = codes.indexOf(code);
  const value = (other) => typed(byId(`bound-${other}`).value);
  const above = index > 0 ? value(codes[index - 1]) : null;
  const below = index + 1 < codes.length ? value(codes[index + 1]) : null;
  let chosen = Number(wanted);
  if (above !== null) chosen = Math.min(chosen, Number(above) - 0.5);
  if (below !== null) chosen = Math.max(chosen, Number(below) + 0.5);
  return String(chosen);
}

/** Put every control back at the base's value. */
export function reset() {
  for (const node of document.querySelectorAll("#bounds-controls input[type=text], #points-controls input[type=text], #weights-controls input[type=text]")) {
    node.value = number(node.dataset.base, { trim: true });
    node.dispatchEvent(new Event("input"));
  }
}

function showSum() {
  if (!base) return;
  let total = 0n;
  let readable = true;
  for (const dimension of DIMENSIONS) {
    const given = valueOf(`points-${dimension}`);
    if (!given.decimal) readable = false;
    else total += scaled(given.decimal, 6);
  }
  const sum = readable ? normalize(unscaled(total, 6)) : "?";
  const node = byId("points-sum");
  node.textContent = t("page.points_sum", { sum: readable ? number(sum, { trim: true }) : sum });
  node.classList.toggle("bad", !readable || !same(sum, normalize(base.scoring.right_max)));
}

// a change's index in the document -> which controls it came from
let kinds = [];

/** The variant document the controls describe, or null while nothing differs from the base. */
export function variantDocument() {
  if (!base) return null;
  showSum();
  const changes = [];
  kinds = [];
  const categories = ordered(base.categories);
  const moved = {};
  categories.forEach((category, index) => {
    if (same(category.lower, "0") || !differs(`bound-${category.code}`)) return;
    const value = valueOf(`bound-${category.code}`);
    moved[category.code] = { ...(moved[category.code] || {}), lower: value.decimal ? { decimal: value.decimal } : value.text };
    const below = categories[index + 1];
    if (below) moved[below.code] = { ...(moved[below.code] || {}), upper: value.decimal ? { decimal: value.decimal } : value.text };
  });
  if (Object.keys(moved).length) {
    const listed = {};
    for (const category of categories) if (moved[category.code]) listed[category.code] = moved[category.code];
    changes.push({ op: "set_category_bounds", categories: listed });
    kinds.push("bounds");
  }
  if (DIMENSIONS.some((dimension) => differs(`points-${dimension}`))) {
    const change = { op: "set_dimension_points" };
    for (const dimension of DIMENSIONS) {
      const value = valueOf(`points-${dimension}`);
      change[dimension] = value.decimal ? { decimal: value.decimal } : value.text;
    }
    changes.push(change);
    kinds.push("points");
  }
  const weights = {};
  for (const right of base.rights) {
    if (!differs(`weight-${right.id}`)) continue;
    const value = valueOf(`weight-${right.id}`);
    weights[right.id] = value.decimal ? { decimal: value.decimal } : value.text;
  }
  if (Object.keys(weights).length) {
    changes.push({ op: "set_right_weights", weights });
    kinds.push("weights");
  }
  if (!changes.length) return null;
  return {
    format: "kkpham-variant/1",
    id: byId("variant-id").value.trim(),
    title: byId("variant-title").value.trim(),
    base: `${base.id}@${base.revision}`,
    changes,
  };
}

/** The variant's YAML text, or "" while nothing differs from the base. */
export function variantYaml() {
  const document = variantDocument();
  return document ? toYaml(document) : "";
}

/**
 * Where a problem the service found in the variant belongs on the page: a pointer into
 * the variant document (after whatever names the part) -> a control's data-pointer.
 */
export function controlPointer(pointer) {
  const found = /\/changes\/(\d+)(\/.*)?$/.exec(pointer);
  if (found) {
    const kind = kinds[Number(found[1])];
    const rest = found[2] || "";
    if (kind === "bounds") {
      const step = /^\/categories\/([^/]+)(\/(lower|upper))?/.exec(rest);
      if (step && step[3] === "upper") {
        // the upper bound of a category is the lower bound of the one above it
        const categories = ordered(base.categories);
        const index = categories.findIndex((category) => category.code === step[1]);
        if (index > 0) return `/changes/bounds/${categories[index - 1].code}`;
      }
      return step ? `/changes/bounds/${step[1]}` : "/changes/bounds";
    }
    if (kind === "points") return `/changes/points${rest}`;
    if (kind === "weights") return `/changes/weights${rest.replace(/^\/weights/, "")}`;
  }
  // the changes as a whole: only the points can fail to add up
  if (/\/changes$/.test(pointer) && kinds.includes("points")) return "/changes/points";
  const top = /\/(id|title)$/.exec(pointer);
  return top ? `/${top[1]}` : pointer;
}
