// Small DOM helpers. Text always goes in as text nodes, never as HTML.

/** h("div.card#id", {onclick, class, dataset...}, ...children) */
export function h(spec, attrs = {}, ...children) {
  if (attrs === null || typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  const [, tag = "div", rest = ""] = spec.match(/^([a-z0-9-]*)(.*)$/i);
  const el = document.createElement(tag || "div");
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === ".") el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className += ` ${value}`;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") {
      for (const [prop, v] of Object.entries(value)) el.style.setProperty(prop, String(v));
    }
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const DATE = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
}

export function formatDateTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

export const APPS = {
  facebook: { name: "Facebook", short: "f", label: "Feed" },
  instagram: { name: "Instagram", short: "ig", label: "Explore" },
  whatsapp: { name: "WhatsApp", short: "wa", label: "Chats" },
};

export function appName(app) {
  return (APPS[app] && APPS[app].name) || app || "an app";
}

/** A visible error with what went wrong and a way to try again. */
export function errorBox(err, retry, { compact = false } = {}) {
  const offline = err && err.offline;
  const title = offline ? "Can't reach the server" : "Something went wrong";
  const detail = (err && (err.detail || err.message)) || String(err);
  return h(
    `div.error-box${compact ? ".compact" : ""}`,
    { role: "alert" },
    h("strong", title),
    h("p", detail),
    retry ? h("button.btn.secondary", { type: "button", onclick: retry }, "Try again") : null,
  );
}

const toastRegion = () => document.getElementById("toasts");

/** A short message in the corner; errors stay until closed. */
export function toast(message, { kind = "info", timeout = 4000 } = {}) {
  const region = toastRegion();
  if (!region) return;
  const close = h("button.toast-close", { type: "button", "aria-label": "Close" }, "×");
  const el = h(`div.toast.${kind}`, { role: kind === "error" ? "alert" : "status" }, h("span", message), close);
  close.addEventListener("click", () => el.remove());
  region.append(el);
  if (kind !== "error") setTimeout(() => el.remove(), timeout);
}

/** A "loading" placeholder. */
export function spinner(label = "Loading…") {
  return h("div.loading", { role: "status" }, h("span.spinner", { "aria-hidden": "true" }), label);
}

/** Run an async action on a button: disabled while it runs, errors shown as a toast. */
export async function busy(button, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (err) {
    toast(err.detail || err.message || String(err), { kind: "error" });
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A tiny deterministic hue from a string, for avatars and tiles. */
export function hue(text) {
  let n = 0;
  for (const ch of String(text)) n = (n * 31 + ch.charCodeAt(0)) % 360;
  return n;
}

export function avatar(name, size = "md") {
  const initial = (name || "?").replace(/^@/, "").charAt(0).toUpperCase();
  return h(`span.avatar.${size}`, { style: { "--hue": hue(name) }, "aria-hidden": "true" }, initial);
}

const ICONS = {
  mic: "M12 14a3 3 0 0 0 3-3V5a3 3 0 1 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z",
};

/** An inline SVG icon (no icon fonts, no network). */
export function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("fill", "currentColor");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}
