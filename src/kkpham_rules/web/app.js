// The page's entry point: the language, the two parts (tabs), the regulations.

import { getJson, ServiceError } from "./api.js";
import { byId, el, onNarrowChange, replace } from "./dom.js";
import * as evaluate from "./evaluate.js";
import { initialLang, t, useLang } from "./i18n.js";
import { rewordProblems, showError } from "./problems.js";
import * as whatif from "./whatif.js";

let listing = null; // GET /regulations
let version = null; // GET /version

function years(governs) {
  return `${governs.first}\u2013${governs.last === null ? t("regulations.now") : governs.last}`;
}

function fillRegulations(select, chosen) {
  replace(
    select,
    listing.regulations.map((item) =>
      el("option", { value: item.id, selected: item.id === chosen }, t("page.regulation_option", { short_name: item.short_name, years: years(item.governs) })),
    ),
  );
  select.value = chosen;
}

/** The regulation in force for the latest data years: the one whose years are open or last. */
function latest() {
  const ordered = [...listing.regulations].sort((a, b) => (b.governs.last ?? 1e9) - (a.governs.last ?? 1e9) || b.governs.first - a.governs.first);
  return ordered[0].id;
}

function relabel() {
  if (listing) {
    fillRegulations(byId("evaluate-regulation"), byId("evaluate-regulation").value);
    fillRegulations(byId("whatif-base"), byId("whatif-base").value);
  }
  for (const button of document.querySelectorAll("button[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === document.documentElement.lang));
  }
  if (version) byId("version").textContent = t("page.version", { version });
  evaluate.renderForm();
  evaluate.render().catch(report);
  whatif.relabel();
  rewordProblems().catch(report);
}

async function switchLang(chosen) {
  await useLang(chosen);
  relabel();
}

function showTab(name, focus = false) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.dataset.tab).hidden = !selected;
    if (selected && focus) tab.focus();
  }
  const address = new URL(window.location.href);
  address.hash = name === "evaluate" ? "" : name;
  window.history.replaceState(null, "", address);
}

function wireTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      showTab(next.dataset.tab, true);
      event.preventDefault();
    });
  }
  showTab(window.location.hash === "#whatif" ? "whatif" : "evaluate");
}

function showChosenFiles() {
  // the browser's own "no file chosen" is in the browser's language: the page says it instead
  for (const input of document.querySelectorAll("input[type=file]")) {
    input.addEventListener("change", () => {
      const name = document.querySelector(`[data-file-for="${input.id}"]`);
      const file = input.files[0];
      if (file) {
        name.removeAttribute("data-label");
        name.textContent = file.name;
      } else {
        name.dataset.label = "page.no_file_chosen";
        name.textContent = t("page.no_file_chosen");
      }
    });
  }
}

function report(error) {
  // a problem outside any form (the service gone, a regulation missing): shown at the top
  if (!(error instanceof ServiceError)) throw error;
  showError(error, { box: byId("evaluate-errors") });
}

async function start() {
  await useLang(initialLang());
  wireTabs();
  showChosenFiles();
  for (const button of document.querySelectorAll("button[data-lang]")) {
    button.addEventListener("click", () => switchLang(button.dataset.lang).catch(report));
  }
  byId("evaluate-form").addEventListener("submit", (event) => evaluate.evaluateForm(event));
  byId("upload-form").addEventListener("submit", (event) => evaluate.evaluateUpload(event));
  byId("evaluate-regulation").addEventListener("change", (event) => evaluate.chooseRegulation(event.target.value).catch(report));
  byId("download-evaluation").addEventListener("click", () => evaluate.downloadEvaluation());
  byId("download-record").addEventListener("click", () => evaluate.downloadRecord());
  whatif.start();
  onNarrowChange(() => {
    // the charts are drawn for the screen's width: draw them again
    evaluate.render().catch(report);
    whatif.render();
  });
  try {
    listing = await getJson("/regulations");
    const chosen = latest();
    fillRegulations(byId("evaluate-regulation"), chosen);
    fillRegulations(byId("whatif-base"), chosen);
    await Promise.all([evaluate.chooseRegulation(chosen), whatif.chooseBase(chosen)]);
    version = (await getJson("/version")).version;
    const api = await getJson("/openapi.json");
    evaluate.offer(new Set(Object.keys(api.paths || {})));
  } catch (error) {
    report(error);
  }
  relabel();
  document.body.classList.remove("loading");
  document.body.dataset.ready = "yes";
}

start();
