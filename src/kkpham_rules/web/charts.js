// Charts drawn as inline SVG from the service's numbers: no plotting library.
// Positions are pixels (floats are fine for drawing); which bin a score falls in
// is worked out on the exact decimal string, never on a rounded float.

import { scaled, subtract } from "./decimal.js";
import { svg } from "./dom.js";
import { named, number, t } from "./i18n.js";

const DIMENSION_COLOURS = { struktur: "#1f4e79", proses: "#2e75b6", hasil: "#8fbde6" };
const LOST = "#f0f0f0";
const BASE_BARS = "#b8c2cc";
const VARIANT_LINE = "#b5501c";
const BASE_BOUND = "#8a1c1c";

function px(value) {
  return Math.round(value * 10) / 10;
}

/** A right's name on one line, or two lines split between words if it is long. */
function nameLines(name) {
  if (name.length <= 38) return [name];
  const words = name.split(" ");
  let first = "";
  while (words.length && (first + " " + words[0]).trim().length <= 44) first = (first + " " + words.shift()).trim();
  const rest = words.join(" ");
  return [first, rest.length > 44 ? rest.slice(0, 43) + "\u2026" : rest];
}

function ticks(top, step) {
  const values = [];
  for (let index = 0; index * step <= top + 1e-9; index += 1) values.push(Math.round(index * step * 1e6) / 1e6);
  return values;
}

/** One region's points per right, stacked by dimension, with the points lost. */
export function rightsChart(evaluation) {
  const rights = evaluation.rights;
  const maximum = Number(evaluation.max_score);
  const dimensions = rights.length ? rights[0].dimensions.map((part) => part.dimension) : [];
  const width = 900;
  const left = 330;
  const right = width - 60;
  const top = 10;
  const bar = 20;
  const gap = 12;
  const bottom = top + rights.length * (bar + gap);
  const height = bottom + 58;
  const scale = (value) => left + ((right - left) * value) / maximum;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": t("report.per_right_chart"),
    class: "svg-chart",
  });
  chart.append(svg("title", {}, t("report.per_right_chart")));
  for (const value of ticks(maximum, maximum / 10)) {
    const x = px(scale(value));
    chart.append(
      svg("line", { x1: x, y1: top - 4, x2: x, y2: bottom, stroke: "#d0d0d0", "stroke-width": 1 }),
      svg("text", { x, y: bottom + 16, "font-size": 12, "text-anchor": "middle", fill: "#333" }, number(String(value))),
    );
  }
  rights.forEach((item, row) => {
    const y = top + row * (bar + gap);
    const name = named(item, "name");
    const lines = nameLines(name);
    const label = svg("text", {
      x: left - 8,
      y: lines.length === 1 ? y + bar / 2 + 5 : y + 8,
      "font-size": lines.length === 1 ? 13 : 11,
      "text-anchor": "end",
      fill: "#1b1b1b",
    });
    label.append(svg("title", {}, name));
    lines.forEach((line, index) =>
      label.append(svg("tspan", { x: left - 8, dy: index === 0 ? null : 12 }, line)),
    );
    chart.append(label);
    let x = left;
    for (const part of item.dimensions) {
      const earned = Number(part.points_earned);
      const lostText = subtract(part.points_available, part.points_earned);
      const lost = Number(lostText);
      const dimension = t(`report.${part.dimension}`);
      const earnedWidth = scale(earned) - left;
      const lostWidth = scale(lost) - left;
      chart.append(
        svg("rect", { x: px(x), y, width: px(earnedWidth), height: bar, fill: DIMENSION_COLOURS[part.dimension] || "#555" },
          svg("title", {}, `${dimension}: ${number(part.points_earned, { trim: true })} / ${number(part.points_available, { trim: true })}`)),
      );
      x += earnedWidth;
      if (lostWidth > 0.05) {
        chart.append(
          svg("rect", { x: px(x), y, width: px(lostWidth), height: bar, fill: LOST, stroke: "#9a9a9a", "stroke-dasharray": "3 2" },
            svg("title", {}, `${dimension}, ${t("report.points_lost")}: ${number(lostText, { trim: true })}`)),
        );
      }
      x += lostWidth;
    }
    chart.append(
      svg("text", { x: right + 6, y: y + bar / 2 + 5, "font-size": 12, "font-weight": "bold", fill: "#1b1b1b" }, number(item.score)),
    );
  });
  const legend = [...dimensions.map((dimension) => [t(`report.${dimension}`), DIMENSION_COLOURS[dimension], false]), [t("report.points_lost"), LOST, true]];
  let x = left;
  for (const [text, colour, lost] of legend) {
    chart.append(
      svg("rect", { x, y: height - 24, width: 14, height: 14, fill: colour, stroke: lost ? "#9a9a9a" : null, "stroke-dasharray": lost ? "3 2" : null }),
      svg("text", { x: x + 20, y: height - 12, "font-size": 12, fill: "#1b1b1b" }, text),
    );
    x += 40 + text.length * 7;
  }
  return chart;
}

const BINS = 40;

function counts(regions, maximum, places) {
  const top = scaled(maximum, places);
  const bins = new Array(BINS).fill(0);
  for (const region of regions) {
    // BigInt division truncates: the exact bin, the maximum itself in the last one
    const bin = Number((scaled(region.total_score, places) * BigInt(BINS)) / top);
    bins[Math.min(Math.max(bin, 0), BINS - 1)] += 1;
  }
  return bins;
}

function niceStep(highest) {
  const rough = highest / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

/**
 * The spread of the totals under the base (grey bars) and the variant (an outline),
 * with each side's category bounds: `bounds` is {base: [...], variant: [...]} of lower
 * bounds as decimal strings.
 */
export function distributionChart(simulation, outcome, { maximum, places, bounds, variantName }) {
  const base = counts(simulation.base.regions, maximum, places);
  const variant = counts(outcome.scores.regions, maximum, places);
  const width = 900;
  const height = 380;
  const left = 56;
  const right = width - 20;
  const top = 40;
  const bottom = height - 70;
  const highest = Math.max(1, ...base, ...variant);
  const step = niceStep(highest);
  const ceiling = Math.ceil(highest / step) * step;
  const binWidth = (right - left) / BINS;
  const x = (value) => left + ((right - left) * value) / Number(maximum);
  const y = (count) => bottom - ((bottom - top) * count) / ceiling;
  const title = t("chart.distribution");
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, class: "svg-chart" });
  chart.append(svg("title", {}, title));
  for (const count of ticks(ceiling, step)) {
    chart.append(
      svg("line", { x1: left, y1: px(y(count)), x2: right, y2: px(y(count)), stroke: "#e2e2e2" }),
      svg("text", { x: left - 6, y: px(y(count)) + 4, "font-size": 12, "text-anchor": "end", fill: "#333" }, number(String(count))),
    );
  }
  base.forEach((count, bin) => {
    if (!count) return;
    chart.append(
      svg("rect", { x: px(left + bin * binWidth + 1), y: px(y(count)), width: px(binWidth - 2), height: px(bottom - y(count)), fill: BASE_BARS },
        svg("title", {}, `${t("chart.base")}: ${count}`)),
    );
  });
  let outline = `M ${left} ${bottom}`;
  variant.forEach((count, bin) => {
    outline += ` L ${px(left + bin * binWidth)} ${px(y(count))} L ${px(left + (bin + 1) * binWidth)} ${px(y(count))}`;
  });
  outline += ` L ${right} ${bottom}`;
  chart.append(svg("path", { d: outline, fill: "none", stroke: VARIANT_LINE, "stroke-width": 2.5 }));
  const moved = bounds.variant.filter((value) => !bounds.base.includes(value));
  for (const value of bounds.base) {
    const at = px(x(Number(value)));
    chart.append(
      svg("line", { x1: at, y1: top - 6, x2: at, y2: bottom, stroke: BASE_BOUND, "stroke-width": 1.5, "stroke-dasharray": "6 4" }),
      svg("text", { x: at, y: top - 10, "font-size": 12, "text-anchor": "middle", fill: BASE_BOUND }, number(value, { trim: true })),
    );
  }
  for (const value of moved) {
    const at = px(x(Number(value)));
    chart.append(
      svg("line", { x1: at, y1: top - 6, x2: at, y2: bottom, stroke: VARIANT_LINE, "stroke-width": 2, "stroke-dasharray": "2 3" }),
      svg("text", { x: at, y: top - 24, "font-size": 12, "font-weight": "bold", "text-anchor": "middle", fill: VARIANT_LINE }, number(value, { trim: true })),
    );
  }
  chart.append(svg("line", { x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#333" }));
  for (const value of ticks(Number(maximum), Number(maximum) / 10)) {
    chart.append(svg("text", { x: px(x(value)), y: bottom + 16, "font-size": 12, "text-anchor": "middle", fill: "#333" }, number(String(value))));
  }
  chart.append(
    svg("text", { x: (left + right) / 2, y: bottom + 34, "font-size": 12, "text-anchor": "middle", fill: "#333" }, t("chart.total")),
    svg("text", { x: 14, y: (top + bottom) / 2, "font-size": 12, "text-anchor": "middle", fill: "#333", transform: `rotate(-90 14 ${(top + bottom) / 2})` }, t("chart.regions")),
  );
  const legend = [
    ["bars", BASE_BARS, `${t("chart.base")}`],
    ["line", VARIANT_LINE, variantName],
    ["dash", BASE_BOUND, t("page.base_bounds")],
  ];
  if (moved.length) legend.push(["dot", VARIANT_LINE, t("page.variant_bounds")]);
  let at = left;
  const row = height - 14;
  for (const [kind, colour, text] of legend) {
    if (kind === "bars") chart.append(svg("rect", { x: at, y: row - 11, width: 14, height: 14, fill: colour }));
    else chart.append(svg("line", {
      x1: at, y1: row - 4, x2: at + 22, y2: row - 4, stroke: colour, "stroke-width": kind === "line" ? 2.5 : 2,
      "stroke-dasharray": kind === "dash" ? "6 4" : kind === "dot" ? "2 3" : null,
    }));
    chart.append(svg("text", { x: at + 28, y: row, "font-size": 12, fill: "#1b1b1b" }, text));
    at += 48 + text.length * 7;
  }
  return chart;
}
