// The header of every page about one person: who they are, and their apps and pages.
import { APPS, avatar, h } from "../dom.js";

const PAGES = [
  ["activity", "Your activity"],
  ["accounts", "Accounts Center"],
];

export function personNav(person, current) {
  const apps = person.accounts.map((a) => a.app);
  const base = `#/person/${encodeURIComponent(person.id)}`;
  const tab = (page, label, extra = "") =>
    h(`a.tab${extra}`, { href: `${base}/${page}`, "aria-current": page === current ? "page" : null, "data-tab": page }, label);
  return h(
    "header.person-nav",
    h(
      "div.person-id",
      avatar(person.name, "md"),
      h("div", h("strong", person.name), h("span.small.muted", ` · ${person.country} · ${person.age ?? "?"} y`)),
      h("a.small.switch", { href: "#/" }, "Switch person"),
    ),
    h(
      "nav.tabs",
      { "aria-label": `${person.name}'s apps and pages` },
      apps.map((app) => tab(app, APPS[app] ? APPS[app].name : app, `.app-tab.app-${app}`)),
      PAGES.map(([page, label]) => tab(page, label)),
    ),
  );
}
