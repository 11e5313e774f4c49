// Talking to the service. A failed request becomes a ServiceError holding the
// service's problems (application/problem+json, each with a pointer and its
// localized_message in the page's language) or one problem the page words
// itself (the service unreachable, an endpoint this server does not have).
// A ServiceError can ask again (`reword`): the same request in the page's
// language now, so that problems shown follow a switch of language.

import { lang } from "./i18n.js";

export class ServiceError extends Error {
  constructor(status, problems, reword = null) {
    super(problems.map((problem) => problem.localized_message || problem.label?.[0]).join("; "));
    this.status = status;
    this.problems = problems;
    this.reword = reword;
  }
}

/** A problem the page words itself: a label key and its fields, worded when shown. */
export function pagesOwn(key, params = {}, pointer = "") {
  return { code: "page", pointer, label: [key, params] };
}

/** Fetch `path`; return the Response if it succeeded, else throw a ServiceError. */
export async function call(path, { method = "GET", body, headers = {} } = {}) {
  const route = path.split("?")[0];
  const reword = () => call(path, { method, body, headers });
  let response;
  try {
    response = await fetch(path, {
      method,
      body,
      headers: { "Accept-Language": lang(), ...headers },
    });
  } catch {
    throw new ServiceError(0, [pagesOwn("page.unreachable", { detail: `${method} ${route}` })]);
  }
  if (response.ok) return response;
  const type = response.headers.get("content-type") || "";
  if (!type.startsWith("application/problem+json")) {
    throw new ServiceError(response.status, [pagesOwn("page.not_understood", { status: response.status })]);
  }
  const problem = await response.json();
  const first = (problem.problems || [])[0];
  const missing =
    first &&
    (first.code === "no_such_resource" || first.code === "method_not_allowed") &&
    (first.received === route || decodeURIComponent(first.received || "") === decodeURIComponent(route));
  if (missing) {
    throw new ServiceError(response.status, [pagesOwn("page.not_offered", { path: `${method} ${route}` })]);
  }
  const problems = (problem.problems || []).length
    ? problem.problems
    : [{ code: "page", pointer: "", localized_message: problem.detail }];
  throw new ServiceError(response.status, problems, reword);
}

/** GET `path` and return its JSON. */
export async function getJson(path) {
  return (await call(path)).json();
}

/** A regulation id as one path segment (22/2021 -> 22%2F2021). */
export function regulationPath(id) {
  return `/regulations/${encodeURIComponent(id)}`;
}
