// Showing the service's problems where they belong: next to the field whose
// data-pointer is the problem's pointer (or the nearest field above it), the
// rest in the form's list, each with its place.

import { ServiceError } from "./api.js";
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
  shown.delete(box);
}

let counter = 0;

// what each box shows, to word it again when the page's language changes
const shown = new Map();

/** A problem's sentence: the service's, or the page's own label in the page's language. */
function message(problem) {
  return problem.label ? t(problem.label[0], problem.label[1]) : problem.localized_message;
}

/** Show the problems of a failed request (a ServiceError), to be worded again on a switch. */
export function showError(error, options) {
  showProblems(error.problems, options);
  shown.get(options.box).reword = error.reword;
}

/**
 * Word again every problem shown, in the page's language now: the page's own from its
 * labels, the service's by sending the request that failed once more.
 */
export async function rewordProblems() {
  for (const [box, state] of [...shown]) {
    if (box.hidden) {
      shown.delete(box);
      continue;
    }
    const options = { form: state.form, box, mapPointer: state.mapPointer };
    if (!state.reword) {
      showProblems(state.problems, options);
      continue;
    }
    try {
      await state.reword();
      clearProblems(state.form, box); // it succeeds now: nothing left to show
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      showError(error, options);
    }
  }
}

/**
 * Show `problems` (each {pointer, localized_message, location?}): beside the field a
 * pointer names in `form`, the others in `box` with their place. `mapPointer` turns a
 * problem's pointer into a field's data-pointer first (the variant's changes -> controls).
 */
export function showProblems(problems, { form = null, box, mapPointer = (pointer) => pointer } = {}) {
  clearProblems(form, box);
  shown.set(box, { problems, form, mapPointer, reword: null });
  // every problem is listed at the top (a link to its field where it has one), and
  // repeated beside its field
  const items = [];
  for (const problem of problems) {
    const field = fieldFor(form, mapPointer(problem.pointer || ""));
    if (!field) {
      const where = problem.localized_place || problem.location || problem.pointer;
      items.push(el("li", {}, where ? el("code", {}, where) : null, where ? ": " : null, message(problem)));
      continue;
    }
    counter += 1;
    const id = `problem-${counter}`;
    const note = el("p", { class: "field-problem", id }, message(problem));
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    const isInput = field.matches("input, select, textarea");
    if (isInput) (field.closest(".field, td, .control") || field.parentElement).append(note);
    else field.after(note); // a group of controls: the note below the whole group
    const link = el("a", { href: `#${id}` }, message(problem));
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
