// Showing the service's problems where they belong: next to the field whose
// data-pointer is the problem's pointer (or the nearest field above it), the
// rest in the form's list, each with its place.

import { el, replace } from "./dom.js";
import { t } from "./i18n.js";

function fieldFor(form, pointer) {
  if (!form || !pointer) return null;
  const fields = [...form.querySelectorAll("[data-pointer]")].filter((node) => node.dataset.pointer);
  let path = pointer;
  while (path) {
    const found = fields.find((node) => node.dataset.pointer === path);
    if (found) return found;
    path = path.slice(0, path.lastIndexOf("/"));
  }
  return null;
}

/** Remove every problem shown in `form` and in its list `box`. */
export function clearProblems(form, box) {
  if (form) {
    for (const node of form.querySelectorAll(".field-problem")) node.remove();
    for (const node of form.querySelectorAll("[aria-invalid]")) {
      node.removeAttribute("aria-invalid");
      node.removeAttribute("aria-describedby");
    }
  }
  box.hidden = true;
  box.replaceChildren();
}

let counter = 0;

/**
 * Show `problems` (each {pointer, localized_message, location?}): beside the field a
 * pointer names in `form`, the others in `box` with their place. `mapPointer` turns a
 * problem's pointer into a field's data-pointer first (the variant's changes -> controls).
 */
export function showProblems(problems, { form = null, box, mapPointer = (pointer) => pointer } = {}) {
  clearProblems(form, box);
  // every problem is listed at the top (a link to its field where it has one), and
  // repeated beside its field
  const items = [];
  for (const problem of problems) {
    const field = fieldFor(form, mapPointer(problem.pointer || ""));
    if (!field) {
      const where = problem.localized_place || problem.location || problem.pointer;
      items.push(el("li", {}, where ? el("code", {}, where) : null, where ? ": " : null, problem.localized_message));
      continue;
    }
    counter += 1;
    const id = `problem-${counter}`;
    const note = el("p", { class: "field-problem", id }, problem.localized_message);
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    const isInput = field.matches("input, select, textarea");
    if (isInput) (field.closest(".field, td, .control") || field.parentElement).append(note);
    else field.after(note); // a group of controls: the note below the whole group
    const link = el("a", { href: `#${id}` }, problem.localized_message);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const target = isInput ? field : field.querySelector("input, select, textarea") || field;
      target.focus();
      note.scrollIntoView({ block: "center" });
    });
    items.push(el("li", {}, link));
  }
  if (problems.length) {
    replace(box, el("p", { class: "errors-title" }, t("page.check")), el("ul", {}, items));
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }
}
