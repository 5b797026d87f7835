// Advertiser view: campaigns, creatives, targeting, and the aggregated report with an
// inline SVG chart. Advertisers never see a person, a message or an interest profile.
import * as api from "../api.js";
import { clear, errorBox, formatDate, h, spinner } from "../dom.js";

const enc = encodeURIComponent;
const money = (n) => (n === null || n === undefined ? "—" : `$${Number(n).toFixed(2)}`);
let advertisers = null;

async function loadAdvertisers() {
  if (!advertisers) advertisers = (await api.get("/web/advertisers", { auth: null })).advertisers;
  return advertisers;
}

async function topicNames(ids) {
  if (!ids.length) return {};
  try {
    return (await api.get("/web/topics", { auth: null, query: { ids: ids.join(",") } })).topics;
  } catch {
    return {};
  }
}

function targetingView(t, names) {
  const interests = (t.interests || []).map((id) => h("li.chip", { "data-interest": id }, names[id] || id, h("span.muted", ` ${id}`)));
  const age = t.min_age || t.max_age ? `${t.min_age ?? "any"}–${t.max_age ?? "any"}` : "any age";
  return h(
    "div.targeting",
    h("p.small.muted", "Targeting"),
    interests.length ? h("ul.chips", interests) : h("p.small", "No interests: shown by place and age only"),
    h("p.kv", h("span", "Countries ", h("strong", (t.countries || []).join(", ") || "all")), h("span", "Age ", h("strong", age))),
  );
}

function campaignCard(c, names) {
  return h(
    "article.card.campaign",
    { "data-campaign": c.id },
    h("div.pane-head", h("h3", c.name || c.id), h(`span.tag${c.status === "active" ? "" : ".warn"}`, c.status)),
    h(
      "p.kv",
      h("span", "Bid ", h("strong", `${money(c.bid)} ${String(c.bid_type).toUpperCase()}`)),
      h("span", "Daily budget ", h("strong", money(c.daily_budget))),
      h("span", "Total budget ", h("strong", money(c.total_budget))),
      h("span", "Spent today ", h("strong", money(c.spend && c.spend.today))),
      h("span", "Spent in all ", h("strong", money(c.spend && c.spend.total))),
      c.frequency_cap ? h("span", "Cap ", h("strong", `${c.frequency_cap}/day`)) : null,
    ),
    targetingView(c.targeting || {}, names),
    h("p.small.muted", "Creatives"),
    h(
      "ul.creatives",
      (c.creatives || []).map((cr) =>
        h("li.creative", { "data-creative": cr.id }, h("strong", cr.title), cr.body ? h("span", ` — ${cr.body}`) : null, h("span.badge.sponsored", " Sponsored")),
      ),
    ),
  );
}

/** Impressions and clicks per day as bars; withheld days drawn hatched. */
export function reportChart(rows, from, to) {
  const days = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  const byDay = new Map(days.map((d) => [d, { impressions: 0, clicks: 0, suppressed: 0 }]));
  for (const r of rows) {
    const cell = byDay.get(r.day);
    if (!cell) continue;
    if (r.suppressed) cell.suppressed += 1;
    else {
      cell.impressions += r.impressions || 0;
      cell.clicks += r.clicks || 0;
    }
  }
  const width = 640;
  const height = 220;
  const pad = { l: 44, r: 10, t: 12, b: 30 };
  const max = Math.max(1, ...[...byDay.values()].map((c) => c.impressions));
  const slot = (width - pad.l - pad.r) / days.length;
  const bar = Math.max(4, slot * 0.34);
  const y = (v) => height - pad.b - ((height - pad.t - pad.b) * v) / max;
  const ns = "http://www.w3.org/2000/svg";
  const el = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": "Impressions and clicks per day" });
  const defs = el("defs", {});
  const pattern = el("pattern", { id: "withheld", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  pattern.append(el("rect", { width: 6, height: 6, fill: "#eef0f5" }), el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#c5cad6", "stroke-width": 3 }));
  defs.append(pattern);
  svg.append(defs);
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(max * frac);
    svg.append(el("line", { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: "#e3e6ee" }), el("text", { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
  }
  days.forEach((day, i) => {
    const cell = byDay.get(day);
    const x = pad.l + i * slot + slot / 2;
    if (cell.suppressed && !cell.impressions) {
      svg.append(el("rect", { x: x - bar, y: pad.t, width: bar * 2, height: height - pad.t - pad.b, fill: "url(#withheld)", "data-day": day }));
    } else {
      svg.append(el("rect", { class: "bar-imp", x: x - bar, y: y(cell.impressions), width: bar, height: height - pad.b - y(cell.impressions), "data-day": day }));
      svg.append(el("rect", { class: "bar-clk", x, y: y(cell.clicks), width: bar, height: height - pad.b - y(cell.clicks) }));
    }
    svg.append(el("text", { x, y: height - 10, "text-anchor": "middle" }, day.slice(5)));
  });
  return h(
    "figure.report-chart",
    svg,
    h("figcaption.legend", h("span", { style: { "--c": "#9db0f5" } }, "Impressions"), h("span", { style: { "--c": "var(--brand)" } }, "Clicks"), h("span", { style: { "--c": "#c5cad6" } }, "Withheld (too few people)")),
  );
}

function reportView(report) {
  const rows = report.rows || [];
  const shown = rows.filter((r) => !r.suppressed);
  const withheld = rows.length - shown.length;
  return h(
    "section.card.report",
    h("div.pane-head", h("h2", "Report"), h("span.small.muted", `${formatDate(report.from)} – ${formatDate(report.to)}`)),
    h(
      "p.small.muted",
      `Aggregates by day and campaign only. Cells that reached fewer than ${report.min_people} people are withheld whole${report.noise_epsilon ? `, and the rest carry calibrated noise (ε = ${report.noise_epsilon})` : ""}.`,
    ),
    reportChart(rows, report.from, report.to),
    withheld ? h("p.small", `${withheld} of ${rows.length} cells withheld.`) : null,
    shown.length
      ? h(
          "div.table-wrap",
          h(
            "table.data",
            h("thead", h("tr", h("th", "Day"), h("th", "Campaign"), h("th", "Impressions"), h("th", "Clicks"), h("th", "Reach"), h("th", "Spend"))),
            h("tbody", shown.map((r) => h("tr", h("td", r.day), h("td", r.campaign_id), h("td", r.impressions), h("td", r.clicks), h("td", r.reach), h("td", money(r.spend))))),
          ),
        )
      : h("p.muted", rows.length ? "Every cell is withheld: too few people so far." : "No impressions in this period yet."),
  );
}

async function advertiserPanel(id) {
  const base = `/v1/advertisers/${enc(id)}`;
  const [info, campaigns, report] = await Promise.all([
    api.get(base, { auth: "admin" }),
    api.get(`${base}/campaigns`, { auth: "admin" }),
    api.get(`${base}/reports`, { auth: "admin" }),
  ]);
  const list = campaigns.campaigns || campaigns.items || [];
  const names = await topicNames([...new Set(list.flatMap((c) => (c.targeting && c.targeting.interests) || []))]);
  return h(
    "div.adv-panel",
    { "data-advertiser": id },
    h("h1", info.name || id),
    h("p.lede", "What this advertiser chose, what it paid, and what it gets back: counts, never people."),
    reportView(report),
    h("h2", `Campaigns (${list.length})`),
    h("div.campaigns", list.map((c) => campaignCard(c, names))),
  );
}

export async function renderAdvertiser(root, advertiserId, stillCurrent) {
  root.dataset.title = "Advertisers";
  const all = await loadAdvertisers();
  const current = advertiserId || (all[0] && all[0].id);
  const nav = h(
    "nav.card.adv-list-card",
    { "aria-label": "Advertisers" },
    h("ul.adv-list", all.map((a) => h("li", h("a", { href: `#/advertiser/${enc(a.id)}`, "aria-current": a.id === current ? "page" : null }, a.name)))),
  );
  const slot = h("div.adv-main", spinner());
  if (!stillCurrent()) return;
  clear(root, h("div.adv-layout", nav, slot));
  if (!current) {
    clear(slot, h("p.empty.muted", "No advertisers yet."));
    return;
  }
  const load = async () => {
    clear(slot, spinner());
    try {
      const panel = await advertiserPanel(current);
      if (stillCurrent()) clear(slot, panel);
    } catch (err) {
      if (stillCurrent()) clear(slot, errorBox(err, load));
    }
  };
  await load();
}
