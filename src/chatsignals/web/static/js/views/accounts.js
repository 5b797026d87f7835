// Accounts Center: link and unlink the person's app accounts, and see what crosses apps.
import * as api from "../api.js";
import { APPS, appName, busy, clear, errorBox, h, toast } from "../dom.js";
import { liveAccounts, person as loadPerson } from "../people.js";
import { personNav } from "./personnav.js";
import { identities } from "./activity.js";

const enc = encodeURIComponent;

/** For a linked identity: which interests came from chats or likes in which app. */
async function crossings(group, accounts) {
  const account = group.members[0];
  const activity = await api.get("/v1/me/activity", { auth: { person: account } });
  const sources = activity.sources || {};
  const byApp = new Map();
  for (const purpose of ["ads", "content"]) {
    for (const entry of activity[purpose] || []) {
      for (const id of entry.evidence || []) {
        const source = sources[id];
        if (!source) continue;
        const app = source.app || (accounts.find((a) => a.id === source.account) || {}).app;
        if (!byApp.has(app)) byApp.set(app, new Map());
        byApp.get(app).set(entry.topic, entry.name);
      }
    }
  }
  return byApp;
}

function crossingView(group, byApp) {
  if (group.members.length < 2) return null;
  const rows = [...byApp.entries()].map(([app, topics]) => {
    const others = group.apps.filter((a) => a !== app).map(appName);
    return h(
      "li.crossing",
      { "data-from-app": app },
      h("strong", `From ${appName(app)}: `),
      [...topics.values()].join(", "),
      h("span.muted", ` → also shapes ${others.join(" and ")}`),
    );
  });
  return h(
    "section.card.crossings",
    h("h3", `What crosses between ${group.apps.map(appName).join(" and ")}`),
    rows.length ? h("ul", rows) : h("p.muted", "Nothing yet: no chat or like in these apps has taught an interest."),
    h("p.small.muted", "Ad topics you hide (“see less”) apply to every linked app too."),
  );
}

export async function renderAccounts(root, personId, stillCurrent) {
  const person = await loadPerson(personId);
  root.dataset.title = `${person.name}'s Accounts Center`;
  const center = person.center || `ac:${person.id}`;
  const accounts = await liveAccounts(person);
  const groups = identities(accounts);
  const crossingViews = await Promise.all(
    groups.map(async (g) => {
      if (g.members.length < 2) return null;
      try {
        return crossingView(g, await crossings(g, accounts));
      } catch (err) {
        return errorBox(err, () => renderAccounts(root, personId, stillCurrent), { compact: true });
      }
    }),
  );
  if (!stillCurrent()) return;
  const rerender = () => renderAccounts(root, personId, stillCurrent);
  const row = (a) => {
    const linked = a.center === center;
    const toggle = h(
      `button.btn.small.${linked ? "secondary" : "primary"}`,
      {
        type: "button",
        "data-link": a.id,
        "data-linked": String(linked),
        onclick: (ev) =>
          busy(ev.currentTarget, async () => {
            if (linked) {
              await api.del(`/v1/centers/${enc(center)}/accounts/${enc(a.id)}`);
              toast(`${appName(a.app)} unlinked: its signals now stay with it alone.`);
            } else {
              await api.put(`/v1/centers/${enc(center)}/accounts/${enc(a.id)}`, undefined);
              toast(`${appName(a.app)} linked: what you do there now shapes your other linked apps.`);
            }
            await rerender();
          }),
      },
      linked ? "Unlink" : "Link",
    );
    return h(
      "li.card.account-row",
      { "data-account": a.id, "data-linked": String(linked) },
      h(`span.app-chip.app-${a.app}`, APPS[a.app] ? APPS[a.app].name : a.app),
      h("div.grow", h("strong", a.id), h("br"), h("span.small.muted", linked ? "In this Accounts Center" : a.center ? `In another center (${a.center})` : "Not linked")),
      toggle,
    );
  };
  clear(
    root,
    personNav(person, "accounts"),
    h(
      "section.page-head",
      h("h1", "Accounts Center"),
      h("p.lede", "Signals from your chats cross apps only between accounts you link here. Unlink an app and what you do there stays there — from then on."),
    ),
    h("ul.accounts", accounts.map(row)),
    crossingViews,
  );
}
