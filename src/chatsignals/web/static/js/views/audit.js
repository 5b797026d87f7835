// The audit view: the active policy preset and its rules, the decision log with rule
// names and reasons, and a box that runs a scenario through the simulator.
import * as api from "../api.js";
import { busy, clear, errorBox, formatDate, formatDateTime, h, spinner } from "../dom.js";

const RULES = {
  "effective-date": "Interactions before the effective date are never used.",
  notice: "An account's chats are used only after it was shown the notice.",
  region: "Accounts in excluded regions (EU, EEA, UK, South Korea) are left out.",
  encrypted: "End-to-end encrypted conversations are never read or used.",
  minor: "People under 18 get no chat-derived ad targeting.",
  sensitive: "The seven sensitive categories never reach ads (nor, in this preset, content).",
  consent: "Chats are used only after an explicit, revocable opt-in per purpose.",
  "hidden-topic": "Topics a person hid (“see less”) are dropped.",
};

const SAMPLE = {
  policy: "meta-2025",
  events: [
    { at: "2025-12-01T09:00:00Z", type: "account", account: "fb:sam", app: "facebook", country: "US", birth_date: "1992-05-01" },
    { at: "2025-12-01T09:00:00Z", type: "account", account: "fb:eva", app: "facebook", country: "FR", birth_date: "1990-01-01" },
    { at: "2025-12-02T09:00:00Z", type: "notice", account: "fb:sam" },
    { at: "2025-12-02T09:00:00Z", type: "notice", account: "fb:eva" },
    { at: "2025-12-17T10:00:00Z", type: "chat", id: "m1", account: "fb:sam", conversation: "c1", role: "user", text: "Planning a hiking trip, which boots should I get?" },
    { at: "2025-12-17T10:05:00Z", type: "chat", id: "m2", account: "fb:sam", conversation: "c1", role: "user", text: "My doctor changed my diabetes medication" },
    { at: "2025-12-17T10:10:00Z", type: "chat", id: "m3", account: "fb:eva", conversation: "c2", role: "user", text: "Best hiking trails near Lyon?" },
    { at: "2025-12-18T08:00:00Z", type: "interests", id: "q1", account: "fb:sam" },
  ],
};

function policyCard(policy) {
  const rules = policy.rules || [];
  return h(
    "section.card.policy",
    { "data-policy": policy.name },
    h("h2", "Active policy: ", h("code", policy.name)),
    policy.description ? h("p", policy.description) : null,
    h(
      "dl.facts",
      h("dt", "Effective from"),
      h("dd", formatDate(policy.effective_from)),
      h("dt", "Notices from"),
      h("dd", formatDate(policy.notices_from)),
      h("dt", "Excluded countries"),
      h("dd", (policy.excluded_countries || []).join(", ") || "none"),
      h("dt", "Adult age"),
      h("dd", String(policy.adult_age ?? "")),
      h("dt", "Sensitive topics kept out of"),
      h("dd", (policy.sensitive_purposes || []).join(", ") || "nothing"),
      h("dt", "Consent needed for"),
      h("dd", (policy.consent_purposes || []).join(", ") || "nothing"),
    ),
    h("h3", "Rules"),
    h("ul.rules", rules.map((r) => h("li", { "data-rule": r }, h("code", r), " — ", RULES[r] || ""))),
  );
}

function decisionsCard(data, reload) {
  const counts = Object.entries(data.counts || {}).sort((a, b) => b[1] - a[1]);
  const rows = data.decisions || [];
  return h(
    "section.card.decisions",
    h("div.pane-head", h("h2", "Decision log"), h("button.btn.small.secondary", { type: "button", onclick: reload }, "↻ Refresh")),
    h("p.small.muted", "Every refusal to use a message or a like, with the rule that made it and a reason a person can read. Accounts are shown as stored ids; message text is never shown here."),
    counts.length ? h("ul.chips", counts.map(([rule, n]) => h("li.chip", { "data-count-rule": rule }, h("code", rule), ` ${n}`))) : null,
    rows.length
      ? h(
          "div.table-wrap",
          h(
            "table.log",
            h("thead", h("tr", h("th", "When"), h("th", "Rule"), h("th", "Purpose"), h("th", "Source"), h("th", "Account"), h("th", "Reason"))),
            h(
              "tbody",
              rows.map((d) =>
                h(
                  "tr",
                  { "data-rule": d.rule },
                  h("td", formatDateTime(d.at)),
                  h("td", h("code", d.rule)),
                  h("td", d.purpose),
                  h("td", `${d.source_kind} ${d.source_id}`),
                  h("td", d.account),
                  h("td", d.reason),
                ),
              ),
            ),
          ),
        )
      : h("p.empty.muted", "No decisions yet."),
  );
}

function simulatorCard() {
  const area = h("textarea.code", { rows: 16, spellcheck: "false", "aria-label": "Scenario JSON", name: "scenario" });
  const saved = sessionStorage.getItem("chatsignals.scenario");
  area.value = saved || JSON.stringify(SAMPLE, null, 2);
  area.addEventListener("input", () => sessionStorage.setItem("chatsignals.scenario", area.value));
  const out = h("div.sim-output", { "aria-live": "polite" });
  const run = h("button.btn.primary", { type: "submit" }, "Run scenario");
  const reset = h("button.btn.secondary", { type: "button" }, "Load the example");
  reset.addEventListener("click", () => {
    area.value = JSON.stringify(SAMPLE, null, 2);
    sessionStorage.removeItem("chatsignals.scenario");
  });
  const form = h("form.sim", area, h("div.toolbar", run, reset), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    let scenario;
    try {
      scenario = JSON.parse(area.value);
    } catch (err) {
      clear(out, errorBox(new api.ApiError(400, `The scenario is not valid JSON: ${err.message}`), null, { compact: true }));
      area.focus();
      return;
    }
    busy(run, async () => {
      clear(out, spinner("Running…"));
      try {
        const result = await api.post("/v1/simulations", scenario, { auth: "auditor" });
        clear(out, linesView(result.lines || []));
      } catch (err) {
        clear(out, errorBox(err, () => form.requestSubmit(), { compact: true }));
      }
    });
  });
  return h(
    "section.card.simulator",
    h("h2", "Simulator"),
    h("p.small.muted", "Replay a timeline — accounts, links, notices, chats, likes, queries — on a fixed clock and a temporary store. Nothing here touches real data."),
    form,
  );
}

function linesView(lines) {
  return h(
    "ol.sim-lines",
    lines.map((line) =>
      h(
        "li.card",
        { "data-line": line.id, "data-type": line.type },
        h("strong", `${line.type} ${line.id}`),
        line.used_for ? h("span.small", `  used for: ${Object.entries(line.used_for).filter(([, v]) => v).map(([k]) => k).join(", ") || "nothing"}`) : null,
        (line.rules || []).length ? h("ul.rules", line.rules.map((r) => h("li", h("code", `${r.rule}/${r.purpose}`), " ", r.reason))) : null,
        ["ads", "content"].map((purpose) =>
          Array.isArray(line[purpose])
            ? h("p.small", h("strong", `${purpose}: `), line[purpose].map((e) => `${e.name} ${Number(e.weight).toFixed(2)} ← ${(e.evidence || []).join(", ")}`).join("; ") || "nothing")
            : null,
        ),
        h("details", h("summary", "JSON"), h("pre.code", JSON.stringify(line, null, 2))),
      ),
    ),
  );
}

export async function renderAudit(root, stillCurrent) {
  root.dataset.title = "Audit";
  const decisionsSlot = h("div");
  const loadDecisions = async () => {
    clear(decisionsSlot, spinner());
    try {
      clear(decisionsSlot, decisionsCard(await api.get("/v1/decisions", { auth: "auditor", query: { limit: 200 } }), loadDecisions));
    } catch (err) {
      clear(decisionsSlot, errorBox(err, loadDecisions));
    }
  };
  let policy;
  try {
    policy = policyCard(await api.get("/v1/policy", { auth: "auditor" }));
  } catch (err) {
    policy = errorBox(err, () => renderAudit(root, stillCurrent));
  }
  if (!stillCurrent()) return;
  clear(
    root,
    h("section.page-head", h("h1", "Audit"), h("p.lede", "What the rules are, what they decided and why, and what they would decide.")),
    h("div.audit-grid", policy, simulatorCard()),
    decisionsSlot,
  );
  await loadDecisions();
}
