// The one place that talks to the server: credentials per role, errors in one shape.
//
// Every failure becomes an ApiError { status, detail, field, offline }. `offline` is true
// when the server could not be reached at all (down, restarting, no network).

export class ApiError extends Error {
  constructor(status, detail, field = null, offline = false) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.field = field;
    this.offline = offline;
  }
}

const KEY_STORE = "chatsignals.apiKeys";
let config = { auth_required: false, demo: false, keys: {}, policy: "meta-2025" };
const personTokens = new Map(); // account id -> { token, expires }
const listeners = new Set();

/** Called with true/false whenever reachability of the server changes. */
export function onConnectivity(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
let lastOnline = true;
function setOnline(online) {
  if (online === lastOnline) return;
  lastOnline = online;
  for (const fn of listeners) fn(online);
}

export function getConfig() {
  return config;
}

export async function loadConfig() {
  config = await request("GET", "/web/config", { auth: null });
  if (!Object.keys(config.keys || {}).length) {
    const saved = JSON.parse(sessionStorage.getItem(KEY_STORE) || "{}");
    config.keys = saved;
  }
  return config;
}

/** Whether the page can act in `role` (a key for it, or auth turned off). */
export function canAct(role) {
  if (!config.auth_required) return true;
  return Boolean(config.keys[role] || (role !== "admin" && config.keys.admin));
}

/** Keys pasted by a person when the server is not in demo mode (kept for this tab only). */
export function saveKeys(keys) {
  config.keys = { ...keys };
  sessionStorage.setItem(KEY_STORE, JSON.stringify(config.keys));
  personTokens.clear();
}

function keyFor(role) {
  if (!config.auth_required) return null;
  const keys = config.keys || {};
  // admin passes every key-role check, so it stands in for a missing key.
  return keys[role] || keys.admin || null;
}

async function tokenFor(account) {
  if (!config.auth_required) return null;
  const cached = personTokens.get(account);
  if (cached && cached.expires - Date.now() > 60_000) return cached.token;
  const minted = await request("POST", "/v1/person-tokens", {
    auth: "platform",
    body: { account, ttl_seconds: 3600 },
  });
  personTokens.set(account, { token: minted.token, expires: Date.parse(minted.expires_at) });
  return minted.token;
}

async function headersFor(auth) {
  const headers = {};
  if (!auth) return headers;
  const token = typeof auth === "object" ? await tokenFor(auth.person) : keyFor(auth);
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

async function errorFrom(response) {
  let detail = `${response.status} ${response.statusText}`;
  let field = null;
  try {
    const body = await response.json();
    if (body && body.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    field = body.field ?? null;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, detail, field);
}

/**
 * One request. `auth` is a role name ("platform", "auditor", "admin"), `{person: accountId}`
 * for the person's own /v1/me routes, or null. Resolves to parsed JSON (or null for 204).
 */
export async function request(method, path, { auth = "platform", body, query, raw = false, signal } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, v);
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const headers = await headersFor(auth);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    setOnline(false);
    throw new ApiError(0, "The server can't be reached. Check that chatsignals is running, then try again.", null, true);
  }
  setOnline(true);
  if (response.status === 401 && typeof auth === "object") personTokens.delete(auth.person);
  if (!response.ok) throw await errorFrom(response);
  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, opts) => request("GET", path, opts);
export const post = (path, body, opts = {}) => request("POST", path, { ...opts, body });
export const put = (path, body, opts = {}) => request("PUT", path, { ...opts, body });
export const del = (path, opts) => request("DELETE", path, opts);

/** Reads a text/event-stream response, calling onEvent(name, data) per event. */
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trim());
      }
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}

/** Health ping: resolves true when the server answers. */
export async function ping() {
  try {
    const r = await fetch("/healthz", { cache: "no-store" });
    setOnline(r.ok);
    return r.ok;
  } catch {
    setOnline(false);
    return false;
  }
}
