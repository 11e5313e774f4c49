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

/** Lay legend items out in rows that fit `width`; return [{x, row, ...item}] and the rows. */
function legendRows(items, left, width) {
  let x = left;
  let row = 0;
  const placed = items.map((item) => {
    const wide = 34 + item.text.length * 7;
    if (x > left && x + wide > width) {
      x = left;
      row += 1;
    }
    const at = { ...item, x, row };
    x += wide + 14;
    return at;
  });
  return [placed, row + 1];
}

/**
 * One region's points per right, stacked by dimension, with the points lost. `compact`
 * (a narrow screen) puts each right's name above its bar instead of beside it.
 */
export function rightsChart(evaluation, { compact = false } = {}) {
  const rights = evaluation.rights;
  const maximum = Number(evaluation.max_score);
  const dimensions = rights.length ? rights[0].dimensions.map((part) => part.dimension) : [];
  const width = compact ? 400 : 900;
  const left = compact ? 4 : 330;
  const right = width - (compact ? 46 : 60);
  const top = 10;
  const bar = compact ? 16 : 20;
  const above = compact ? 18 : 0; // room for the name above the bar
  const gap = compact ? 10 : 12;
  const bottom = top + rights.length * (above + bar + gap);
  const legend = [
    ...dimensions.map((dimension) => ({ text: t(`report.${dimension}`), colour: DIMENSION_COLOURS[dimension], lost: false })),
    { text: t("report.points_lost"), colour: LOST, lost: true },
  ];
  const [placed, rows] = legendRows(legend, left, width);
  const height = bottom + 34 + rows * 20;
  const scale = (value) => left + ((right - left) * value) / maximum;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": t("report.per_right_chart"),
    class: "svg-chart",
  });
  chart.append(svg("title", {}, t("report.per_right_chart")));
  for (const value of ticks(maximum, maximum / (compact ? 5 : 10))) {
    const x = px(scale(value));
    chart.append(
      svg("line", { x1: x, y1: top - 4, x2: x, y2: bottom, stroke: "#d0d0d0", "stroke-width": 1 }),
      svg("text", { x, y: bottom + 16, "font-size": 12, "text-anchor": "middle", fill: "#333" }, number(String(value))),
    );
  }
  rights.forEach((item, row) => {
    const y = top + row * (above + bar + gap) + above;
    const name = named(item, "name");
    if (compact) {
      const short = name.length > 52 ? name.slice(0, 51) + "\u2026" : name;
      // a white halo keeps the name readable across the grid lines
      const halo = { stroke: "#ffffff", "stroke-width": 4, "paint-order": "stroke" };
      chart.append(svg("text", { x: left, y: y - 5, "font-size": 13, fill: "#1b1b1b", ...halo }, svg("title", {}, name), short));
    } else {
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
    }
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
  for (const item of placed) {
    const y = bottom + 30 + item.row * 20;
    chart.append(
      svg("rect", { x: item.x, y, width: 14, height: 14, fill: item.colour, stroke: item.lost ? "#9a9a9a" : null, "stroke-dasharray": item.lost ? "3 2" : null }),
      svg("text", { x: item.x + 20, y: y + 12, "font-size": 12, fill: "#1b1b1b" }, item.text),
    );
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
export function distributionChart(simulation, outcome, { maximum, places, bounds, variantName, compact = false }) {
  const base = counts(simulation.base.regions, maximum, places);
  const variant = counts(outcome.scores.regions, maximum, places);
  const width = compact ? 400 : 900;
  const left = compact ? 44 : 56;
  const right = width - (compact ? 12 : 20);
  const top = 40;
  const legendItems = [
    { kind: "bars", colour: BASE_BARS, text: t("chart.base") },
    { kind: "line", colour: VARIANT_LINE, text: variantName },
    { kind: "dash", colour: BASE_BOUND, text: t("page.base_bounds") },
  ];
  const moved = bounds.variant.filter((value) => !bounds.base.includes(value));
  if (moved.length) legendItems.push({ kind: "dot", colour: VARIANT_LINE, text: t("page.variant_bounds") });
  const [placed, rows] = legendRows(legendItems, left, width);
  const plot = compact ? 220 : 270;
  const bottom = top + plot;
  const height = bottom + 44 + rows * 20;
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
  for (const value of ticks(Number(maximum), Number(maximum) / (compact ? 5 : 10))) {
    chart.append(svg("text", { x: px(x(value)), y: bottom + 16, "font-size": 12, "text-anchor": "middle", fill: "#333" }, number(String(value))));
  }
  chart.append(
    svg("text", { x: (left + right) / 2, y: bottom + 34, "font-size": 12, "text-anchor": "middle", fill: "#333" }, t("chart.total")),
    svg("text", { x: 14, y: (top + bottom) / 2, "font-size": 12, "text-anchor": "middle", fill: "#333", transform: `rotate(-90 14 ${(top + bottom) / 2})` }, t("chart.regions")),
  );
  for (const item of placed) {
    const y = bottom + 56 + item.row * 20;
    if (item.kind === "bars") chart.append(svg("rect", { x: item.x, y: y - 11, width: 14, height: 14, fill: item.colour }));
    else chart.append(svg("line", {
      x1: item.x, y1: y - 4, x2: item.x + 22, y2: y - 4, stroke: item.colour, "stroke-width": item.kind === "line" ? 2.5 : 2,
      "stroke-dasharray": item.kind === "dash" ? "6 4" : item.kind === "dot" ? "2 3" : null,
    }));
    chart.append(svg("text", { x: item.x + 28, y, "font-size": 12, fill: "#1b1b1b" }, item.text));
  }
  return chart;
}
