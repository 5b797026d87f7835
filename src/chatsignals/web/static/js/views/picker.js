// The person picker: the demo people, with country, age and which apps are linked.
import * as api from "../api.js";
import { APPS, appName, avatar, clear, errorBox, h } from "../dom.js";
import { liveAccounts, loadPeople } from "../people.js";

const FLAGS = { US: "United States", CA: "Canada", DE: "Germany", GB: "United Kingdom", BR: "Brazil", FR: "France", KR: "South Korea", IN: "India", JP: "Japan", MX: "Mexico" };

function linkSummary(accounts) {
  const linked = accounts.filter((a) => a.center && a.linked.length > 1);
  if (!linked.length) return "No apps linked in Accounts Center";
  const names = linked.map((a) => appName(a.app));
  return `${names.join(" + ")} linked in Accounts Center`;
}

function personCard(p, live) {
  const apps = p.accounts.map((a) => a.app);
  const first = apps.includes("facebook") ? "facebook" : apps[0];
  const minor = p.age !== null && p.age < 18;
  return h(
    "li.card.person-card",
    h(
      "a.person-link",
      { href: `#/person/${encodeURIComponent(p.id)}/${first}`, "data-person": p.id },
      h("div.person-head", avatar(p.name, "lg"), h("div", h("h2", p.name), h("p.muted", `${FLAGS[p.country] || p.country} · ${p.age ?? "?"} years old`))),
      h("p.bio", p.bio),
      h(
        "div.tags",
        apps.map((app) => h(`span.app-chip.app-${app}`, APPS[app] ? APPS[app].name : app)),
        minor ? h("span.tag.warn", "Minor") : null,
      ),
      h("p.small.muted.link-state", live ? linkSummary(live) : "Linked apps: unknown"),
    ),
  );
}

export async function renderPicker(root, stillCurrent) {
  root.dataset.title = "Choose a person";
  const people = await loadPeople();
  const lives = await Promise.all(people.map((p) => liveAccounts(p).catch(() => null)));
  if (!stillCurrent()) return;
  const missing = lives.filter((l) => l === null).length;
  clear(
    root,
    h(
      "section.hero",
      h("h1", "Who are you today?"),
      h(
        "p.lede",
        "Pick a demo person. Chat with the assistant in one app, then watch the ads and posts change — and ask each one “Why am I seeing this?”.",
      ),
    ),
    missing === people.length
      ? errorBox(new api.ApiError(0, "The demo people are not in this store yet. Run `chatsignals demo` to seed them."), null)
      : null,
    h("ul.grid.people", { "aria-label": "Demo people" }, people.map((p, i) => personCard(p, lives[i]))),
  );
}
