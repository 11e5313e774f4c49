// The page's words: every label comes from GET /labels (the table the command
// line's --lang reads, kkpham_rules.messages.LABELS); none is written here.

const KEY = "kkpham-page-lang";
let current = "id";
let labels = {};

/** The page's language: "id" or "en". */
export function lang() {
  return current;
}

/** The language to start in: ?lang= in the address, else the last choice, else Indonesian. */
export function initialLang() {
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (asked === "id" || asked === "en") return asked;
  try {
    const stored = window.localStorage.getItem(KEY);
    if (stored === "id" || stored === "en") return stored;
  } catch {
    // storage refused (private mode, a policy): the address alone remembers
  }
  return "id";
}

/** Load the labels of `chosen`, remember the choice (address and storage), relabel the page. */
export async function useLang(chosen) {
  const response = await fetch(`/labels?lang=${encodeURIComponent(chosen)}`);
  if (!response.ok) throw new Error(`GET /labels: ${response.status}`);
  const body = await response.json();
  labels = body.labels;
  current = body.lang;
  document.documentElement.lang = current;
  const address = new URL(window.location.href);
  address.searchParams.set("lang", current);
  window.history.replaceState(null, "", address);
  try {
    window.localStorage.setItem(KEY, current);
  } catch {
    // see initialLang
  }
  relabel(document);
}

/** The label `key` in the page's language, filled with `params` ({name} fields). */
export function t(key, params = {}) {
  const text = labels[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)(?::[^{}]*)?\}/g, (field, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : field,
  );
}

/** Set the text of every [data-label] element, and the aria-label of every [data-label-aria]. */
export function relabel(root) {
  for (const node of root.querySelectorAll("[data-label]")) {
    node.textContent = t(node.dataset.label);
  }
  for (const node of root.querySelectorAll("[data-label-aria]")) {
    node.setAttribute("aria-label", t(node.dataset.labelAria));
  }
  document.title = t("page.title");
}

/** A name given in both languages by the server: obj[`${base}_id`] or obj[`${base}_en`]. */
export function named(item, base) {
  return item[`${base}_${current}`] || item[`${base}_id`] || "";
}

const SIGNS = { id: [",", "."], en: [".", ","] };

/**
 * An exact decimal string as a reader of the page's language writes it (81,22 or 81.22),
 * the digits untouched: the same rule as kkpham_rules.files.report.format_number.
 */
export function number(value, { trim = false } = {}) {
  let text = String(value);
  if (trim && text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  const sign = text[0] === "-" || text[0] === "+" ? text[0] : "";
  const [whole, fraction] = text.slice(sign.length).split(".");
  const [decimalSign, thousands] = SIGNS[current];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return sign + grouped + (fraction === undefined ? "" : decimalSign + fraction);
}
