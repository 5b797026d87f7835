// "Your activity with the assistant": interests for ads and for content, each with the
// messages behind it; hide a topic; delete a message or a conversation; export; and,
// under the consent preset, the opt-in switches.
import * as api from "../api.js";
import { appName, busy, clear, errorBox, formatDate, formatDateTime, h, spinner, toast } from "../dom.js";
import { liveAccounts, person as loadPerson } from "../people.js";
import { consentChoices, conversations } from "../state.js";
import { usageLine } from "./chat.js";
import { personNav } from "./personnav.js";

const enc = encodeURIComponent;
const VERBS = { like: "liked", follow: "followed", share: "shared", view: "viewed" };

/** The person's identities: accounts linked in one center read together, others alone. */
export function identities(accounts) {
  const groups = new Map();
  for (const a of accounts) {
    const members = a.center && a.linked.length ? [...a.linked].sort() : [a.id];
    groups.set(members.join("|"), members);
  }
  return [...groups.values()].map((members) => ({
    members,
    apps: members.map((id) => (accounts.find((a) => a.id === id) || { app: id }).app),
  }));
}

function sourceItem(id, source, token, refresh) {
  if (!source) return h("li.source.muted", `Activity ${id} (no longer stored)`);
  const isChat = source.kind === "chat";
  const remove = h(
    "button.btn.small.danger-ghost",
    {
      type: "button",
      "data-delete-message": isChat ? id : null,
      "data-delete-engagement": isChat ? null : id,
      onclick: (ev) =>
        busy(ev.currentTarget, async () => {
          const path = isChat ? `/v1/me/interactions/${enc(id)}` : `/v1/me/engagements/${enc(id)}`;
          await api.del(path, { auth: token });
          toast(isChat ? "Message deleted, and everything learned from it." : "Removed, and what it taught.");
          refresh();
        }),
    },
    isChat ? "Delete message" : "Remove",
  );
  return h(
    "li.source",
    { "data-source-id": id },
    isChat
      ? h("blockquote", source.text ? `“${source.text}”` : "(text not stored)")
      : h("p", `You ${VERBS[source.engagement] || source.engagement} “${source.title || source.item}”`),
    h("p.cite", `${appName(source.app)} · ${formatDateTime(source.at)}${source.modality === "voice" ? " · by voice" : ""}`),
    remove,
  );
}

function interestCard(entry, purpose, sources, token, refresh) {
  const max = 1;
  const hide = h(
    "button.btn.small.secondary",
    {
      type: "button",
      "data-hide": entry.topic,
      onclick: (ev) =>
        busy(ev.currentTarget, async () => {
          await api.post("/v1/me/hidden-topics", { topic: entry.topic, purposes: [purpose] }, { auth: token });
          toast(`You'll see less about ${entry.name}.`);
          refresh();
        }),
    },
    "See less",
  );
  return h(
    "li.card.interest",
    { "data-topic": entry.topic, "data-purpose": purpose },
    h(
      "div.interest-head",
      h("div", h("h4", entry.name), h("span.small.muted", `IAB ${entry.topic}${entry.tier1 && entry.tier1 !== entry.topic ? ` · under ${entry.tier1}` : ""}`)),
      h("meter", { min: 0, max, value: Math.min(entry.weight, max), title: `weight ${entry.weight}` }),
      hide,
    ),
    h("p.small", "Because of:"),
    h("ul.sources", (entry.evidence || []).map((id) => sourceItem(id, sources[id], token, refresh))),
  );
}

function interestSection(title, blurb, purpose, entries, sources, token, refresh) {
  return h(
    "section.interest-section",
    { "data-purpose": purpose },
    h("h3", title),
    h("p.small.muted", blurb),
    entries.length
      ? h("ul.interests", entries.map((e) => interestCard(e, purpose, sources, token, refresh)))
      : h("p.empty.muted", `No interests for ${purpose} yet.`),
  );
}

async function conversationBlock(account, app, token, refresh, sources) {
  // Conversations this browser started, and any that taught an interest.
  const fromSources = Object.values(sources)
    .filter((s) => s.kind === "chat" && s.account === account)
    .map((s) => s.conversation);
  const ids = [...new Set([...conversations.all(account), ...fromSources])];
  const blocks = [];
  for (const id of ids) {
    let data;
    try {
      data = await api.get(`/v1/me/conversations/${enc(id)}`, { auth: token });
    } catch (err) {
      blocks.push(errorBox(err, refresh, { compact: true }));
      continue;
    }
    if (!data.messages.length) continue;
    const del = h(
      "button.btn.small.danger",
      {
        type: "button",
        "data-delete-conversation": id,
        onclick: (ev) =>
          busy(ev.currentTarget, async () => {
            if (!confirm("Delete this whole conversation, and everything learned from it?")) return;
            const r = await api.del(`/v1/me/conversations/${enc(id)}`, { auth: token });
            conversations.forget(account, id);
            toast(`Conversation deleted (${r.deleted} messages).`);
            refresh();
          }),
      },
      "Delete conversation",
    );
    blocks.push(
      h(
        "div.card.conversation",
        { "data-conversation": id },
        h("div.conversation-head", h("h4", `With the assistant on ${appName(app)}`), h("span.small.muted", `${data.messages.length} messages · since ${formatDate(data.messages[0].at)}`), del),
        h(
          "ol.transcript",
          data.messages.map((m) =>
            h(
              `li.${m.role}`,
              { "data-message": m.id },
              h("span.who", m.role === "user" ? "You" : "Assistant"),
              h("span.text", m.text ?? "(not stored)"),
              h("span.small.muted", ` ${formatDateTime(m.at)} `),
              m.role === "user" ? usageLine(m) : null,
            ),
          ),
        ),
      ),
    );
  }
  return blocks;
}

function consentSwitches(account, token) {
  const choices = consentChoices.get(account);
  const row = (purpose, label) => {
    const box = h("input", { type: "checkbox", role: "switch", checked: Boolean(choices[purpose]), "data-consent": purpose });
    box.addEventListener("change", async () => {
      const granted = box.checked;
      box.disabled = true;
      try {
        await api.post("/v1/me/consents", { purpose, granted }, { auth: token });
        consentChoices.set(account, purpose, granted);
        toast(granted ? `Your chats may now personalize ${purpose}.` : `Your chats no longer personalize ${purpose}.`);
      } catch (err) {
        box.checked = !granted;
        toast(err.detail || String(err), { kind: "error" });
      } finally {
        box.disabled = false;
      }
    });
    return h("label.switch-row", box, h("span", label));
  };
  return h(
    "section.card.consent",
    h("h3", "Your choices"),
    h("p.small.muted", "Under this policy your chats are used only if you opt in, for each purpose, and you can change your mind at any time."),
    row("ads", "Use my chats with the assistant to personalize ads"),
    row("content", "Use my chats with the assistant to personalize posts and groups"),
  );
}

async function identityPanel(group, accounts, person) {
  const account = group.members.find((id) => person.accounts.some((a) => a.id === id)) || group.members[0];
  const token = { person: account };
  const panel = h("div.identity-panel", { "data-identity": group.members.join(",") });
  const refresh = async () => {
    clear(panel, spinner());
    try {
      await fill();
    } catch (err) {
      clear(panel, errorBox(err, refresh));
    }
  };
  async function fill() {
    const activity = await api.get("/v1/me/activity", { auth: token });
    const sources = activity.sources || {};
    const hidden = activity.hidden_topics || {};
    const hiddenList = [...new Set([...(hidden.ads || []), ...(hidden.content || [])])];
    const exportBtn = h(
      "button.btn.secondary",
      {
        type: "button",
        "data-export": account,
        onclick: (ev) =>
          busy(ev.currentTarget, async () => {
            const data = await api.get("/v1/me/export", { auth: token });
            const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
            const link = h("a", { href: URL.createObjectURL(blob), download: `chatsignals-export-${account.replace(/[^A-Za-z0-9_-]/g, "_")}.json` });
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
          }),
      },
      "⤓ Export everything (JSON)",
    );
    const convs = [];
    for (const id of group.members) {
      const acct = accounts.find((a) => a.id === id);
      if (acct) convs.push(...(await conversationBlock(id, acct.app, token, refresh, sources)));
    }
    clear(
      panel,
      h("div.toolbar", h("p.small.muted", `Read together: ${group.apps.map(appName).join(" + ")}`), exportBtn),
      api.getConfig().policy === "consent" ? consentSwitches(account, token) : null,
      h(
        "div.interest-columns",
        interestSection("Interests for ads", "Advertisers choose interests; they never see your messages.", "ads", activity.ads || [], sources, token, refresh),
        interestSection("Interests for posts and groups", "What your feed ranks higher.", "content", activity.content || [], sources, token, refresh),
      ),
      hiddenList.length
        ? h(
            "section.card.hidden-topics",
            h("h3", "Topics you see less of"),
            h(
              "ul.chips",
              hiddenList.map((topic) =>
                h(
                  "li.chip",
                  { "data-hidden": topic },
                  topic,
                  " ",
                  h(
                    "button.btn.small.link",
                    {
                      type: "button",
                      onclick: (ev) =>
                        busy(ev.currentTarget, async () => {
                          await api.del(`/v1/me/hidden-topics/${enc(topic)}`, { auth: token });
                          refresh();
                        }),
                    },
                    "Show again",
                  ),
                ),
              ),
            ),
          )
        : null,
      h("section.conversations", h("h3", "Your conversations"), convs.length ? convs : h("p.empty.muted", "No conversations stored.")),
    );
  }
  await fill();
  return panel;
}

export async function renderActivity(root, personId, stillCurrent) {
  const person = await loadPerson(personId);
  root.dataset.title = `${person.name}'s activity`;
  const accounts = await liveAccounts(person);
  const groups = identities(accounts);
  const panels = [];
  for (const group of groups) {
    try {
      panels.push(await identityPanel(group, accounts, person));
    } catch (err) {
      panels.push(errorBox(err, () => renderActivity(root, personId, stillCurrent)));
    }
  }
  if (!stillCurrent()) return;
  clear(
    root,
    personNav(person, "activity"),
    h(
      "section.page-head",
      h("h1", "Your activity with the assistant"),
      h("p.lede", "What your chats taught us, the exact messages behind each interest, and what you can do about it. Deleting a message deletes what was learned from it."),
    ),
    groups.length > 1
      ? h("p.small.muted", `${person.name}'s apps are not all linked in Accounts Center, so each group below is kept apart.`)
      : null,
    panels,
  );
}
