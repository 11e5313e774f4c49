// Building the page's elements. Text from the server or from a file is only
// ever set as text (textContent, createTextNode) or as an attribute value:
// nothing here parses HTML, so a region called <img src=x onerror=...> is
// shown as those characters.

const SVG = "http://www.w3.org/2000/svg";

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("td", {class: "n"}, "81,22"). */
export function el(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** An SVG element, the same way. */
export function svg(tag, attributes, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

/** The element with this id (the page's own ids only). */
export function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no element #${id}`);
  return found;
}

/** Empty an element and put these children in. */
export function replace(node, ...children) {
  node.replaceChildren();
  fill(node, {}, children);
  return node;
}

/** A link to a public source: only http(s) addresses become links, the rest stays text. */
export function sourceLink(address) {
  let url = null;
  try {
    url = new URL(address);
  } catch {
    return document.createTextNode(String(address));
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return document.createTextNode(String(address));
  }
  return el("a", { href: url.href, rel: "noopener noreferrer", target: "_blank", title: url.href }, url.hostname);
}

/** Offer bytes as a download named `name`. */
export function download(blob, name) {
  const address = URL.createObjectURL(blob);
  const link = el("a", { href: address, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(address), 10000);
}

/** The file name a Content-Disposition header gives, else `fallback`. */
export function attachmentName(response, fallback) {
  const header = response.headers.get("content-disposition") || "";
  const found = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  if (!found) return fallback;
  const name = decodeURIComponent(found[1]).replace(/[\\/]/g, "_");
  return name || fallback;
}

const NARROW = window.matchMedia("(max-width: 700px)");

/** Whether the screen is narrow (a phone): charts are then drawn for it. */
export function narrow() {
  return NARROW.matches;
}

/** Call `listener` when the screen turns narrow or wide. */
export function onNarrowChange(listener) {
  NARROW.addEventListener("change", listener);
}
