// A typed client of the kkpham-rules service: types generated from schemas/openapi.json
// (npx openapi-typescript openapi.json -o kkpham.d.ts), requests made by openapi-fetch.
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import type { components, paths } from "./kkpham.js";

type Problem = components["schemas"]["Problem"];
type VariantDocument = components["schemas"]["VariantDocument"];

const kkpham = createClient<paths>({
  baseUrl: process.env.KKPHAM_URL ?? "http://127.0.0.1:8000",
  headers: { "Accept-Language": "id" },
});

function explain(problem: Problem): never {
  for (const each of problem.problems) console.error(`${each.pointer}: ${each.localized_message}`);
  throw new Error(problem.detail);
}

// One submission: the body is typed as the Submission schema, the answer as Evaluation.
const submission = JSON.parse(readFileSync("examples/kota-contoh-2022.json", "utf8"));
const scored = await kkpham.POST("/evaluate", {
  params: { query: { regulation: "22/2021" } },
  body: submission,
});
if (scored.error) explain(scored.error);
console.log(scored.data.region.name, scored.data.total_score, scored.data.category.label_id);

// A submission that cannot be scored: the error is typed as Problem (problem+json).
const refused = await kkpham.POST("/evaluate", {
  body: { region: { code: "7271", name: "Kota Palu" }, assessment_year: 2022 },
});
console.log(refused.response.status, refused.error?.problems[0].localized_message);

// A what-if over a synthetic cohort: the JSON twin of the /simulate form.
const bound80: VariantDocument = {
  format: "kkpham-variant/1",
  id: "bound-80",
  title: "Peduli HAM from 80",
  base: "22/2021",
  changes: [
    {
      op: "set_category_bounds",
      categories: { "peduli-ham": { lower: 80 }, "cukup-peduli-ham": { upper: 80 } },
    },
  ],
};
const simulated = await kkpham.POST("/simulate", {
  body: { variants: [bound80], synthetic: 514, seed: 1 },
});
if (simulated.error) explain(simulated.error);
// the same operation answers CSV or a workbook with ?download=: the summary is the object
const summary = simulated.data;
if (typeof summary !== "object") throw new Error("expected the summary, not a table");
console.log(summary.regions, "regions,", summary.variants[0].movers.length, "change category");
