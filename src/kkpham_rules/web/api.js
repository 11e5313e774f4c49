// Talking to the service. A failed request becomes a ServiceError holding the
// service's problems (application/problem+json, each with a pointer and its
// localized_message in the page's language) or one problem the page words
// itself (the service unreachable, an endpoint this server does not have).

import { lang, t } from "./i18n.js";

export class ServiceError extends Error {
  constructor(status, problems) {
    super(problems.map((problem) => problem.localized_message).join("; "));
    this.status = status;
    this.problems = problems;
  }
}

function pagesOwn(message) {
  return { code: "page", pointer: "", localized_message: message };
}

/** Fetch `path`; return the Response if it succeeded, else throw a ServiceError. */
export async function call(path, { method = "GET", body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      body,
      headers: { "Accept-Language": lang(), ...headers },
    });
  } catch (error) {
    throw new ServiceError(0, [pagesOwn(t("page.unreachable", { detail: error.message }))]);
  }
  if (response.ok) return response;
  const type = response.headers.get("content-type") || "";
  if (!type.startsWith("application/problem+json")) {
    throw new ServiceError(response.status, [pagesOwn(t("page.not_understood", { status: response.status }))]);
  }
  const problem = await response.json();
  const first = (problem.problems || [])[0];
  const route = path.split("?")[0];
  const missing =
    first &&
    (first.code === "no_such_resource" || first.code === "method_not_allowed") &&
    (first.received === route || decodeURIComponent(first.received || "") === decodeURIComponent(route));
  if (missing) {
    throw new ServiceError(response.status, [pagesOwn(t("page.not_offered", { path: `${method} ${route}` }))]);
  }
  const problems = (problem.problems || []).length
    ? problem.problems
    : [pagesOwn(problem.detail || t("page.not_understood", { status: response.status }))];
  throw new ServiceError(response.status, problems);
}

/** GET `path` and return its JSON. */
export async function getJson(path) {
  return (await call(path)).json();
}

/** A regulation id as one path segment (22/2021 -> 22%2F2021). */
export function regulationPath(id) {
  return `/regulations/${encodeURIComponent(id)}`;
}
