// "Why am I seeing this?": an expandable card that quotes the person's own messages and
// engagements, with their dates, behind an ad or a feed item.
import * as api from "./api.js";
import { appName, busy, formatDate, h, toast } from "./dom.js";

const VERBS = { like: "liked", follow: "followed", share: "shared", view: "viewed" };

function quote(id, date, sources) {
  const source = sources[id];
  if (source && source.kind === "chat") {
    const text = source.text;
    return h(
      "li.why-quote",
      { "data-evidence": id },
      text ? h("blockquote", `“${text}”`) : h("p.muted", "A message whose text isn't stored (end-to-end encrypted or past retention)."),
      h(
        "p.cite",
        `You, to the assistant on ${appName(source.app)} · ${formatDate(source.at)}`,
        source.modality === "voice" ? " · by voice" : "",
      ),
    );
  }
  if (source && source.kind === "engagement") {
    return h(
      "li.why-quote.engagement",
      { "data-evidence": id },
      h("p", `You ${VERBS[source.engagement] || source.engagement} “${source.title || source.item}”`),
      h("p.cite", `${appName(source.app)} · ${formatDate(source.at)}`),
    );
  }
  return h("li.why-quote", { "data-evidence": id }, h("p.muted", `Activity on ${formatDate(date)}`));
}

function targetingLine(targeting) {
  if (!targeting) return null;
  const parts = [];
  if (targeting.country) parts.push(`people in ${targeting.country}`);
  if (targeting.age) {
    const [low, high] = targeting.age.split("-");
    parts.push(high ? `aged ${low || "any"}–${high}` : `aged ${low}+`);
  }
  return parts.length ? h("p.small.muted", `The advertiser also chose ${parts.join(", ")}.`) : null;
}

function entryView(entry, ctx) {
  const sources = ctx.sources || {};
  const dates = entry.dates || [];
  switch (entry.source) {
    case "chat":
      return h(
        "div.why-entry",
        { "data-source": "chat", "data-topic": entry.topic },
        h("p", "You talked with the assistant about ", h("strong", entry.name || entry.topic), ":"),
        h("ul.quotes", (entry.evidence || []).map((id, i) => quote(id, dates[i], sources))),
        targetingLine(entry.matched_targeting),
      );
    case "engagement":
      if (!entry.topic) {
        // A follow: the person follows the item's author or group.
        return h(
          "div.why-entry",
          { "data-source": "followed" },
          h("p", ctx.author ? `You follow ${ctx.author}.` : "You follow this."),
          h("ul.quotes", (entry.evidence || []).map((id, i) => quote(id, dates[i], sources))),
        );
      }
      return h(
        "div.why-entry",
        { "data-source": "engagement", "data-topic": entry.topic },
        h("p", "You engaged with posts about ", h("strong", entry.name || entry.topic), ":"),
        h("ul.quotes", (entry.evidence || []).map((id, i) => quote(id, dates[i], sources))),
        targetingLine(entry.matched_targeting),
      );
    case "followed":
      return h("div.why-entry", { "data-source": "followed" }, h("p", ctx.author ? `You follow ${ctx.author}.` : "You follow this account."));
    default:
      return h(
        "div.why-entry",
        { "data-source": entry.source || "untargeted" },
        h("p", ctx.kind === "ad" ? "This ad isn't based on your chats or activity." : "Suggested for everyone, not from your activity."),
        targetingLine(entry.matched_targeting),
      );
  }
}

/**
 * The why card. ctx: { kind: "ad"|"item", sources, account, personId, author, onChange }.
 */
export function whyPanel(entries, ctx) {
  const list = entries && entries.length ? entries : [{ source: "untargeted" }];
  const topics = [...new Map(list.filter((e) => e.topic).map((e) => [e.topic, e.name || e.topic])).entries()];
  const actions = h("div.why-actions");
  if (ctx.kind === "ad" && ctx.account) {
    for (const [topic, name] of topics) {
      actions.append(
        h(
          "button.btn.small.secondary",
          {
            type: "button",
            "data-hide-topic": topic,
            onclick: (ev) =>
              busy(ev.currentTarget, async () => {
                await api.post("/v1/me/hidden-topics", { topic, purposes: ["ads"] }, { auth: { person: ctx.account } });
                toast(`You'll see fewer ads about ${name}.`);
                if (ctx.onChange) ctx.onChange();
              }),
          },
          `See fewer ads about ${name}`,
        ),
      );
    }
  }
  if (ctx.personId) {
    actions.append(h("a.btn.small.link", { href: `#/person/${encodeURIComponent(ctx.personId)}/activity` }, "Your activity with the assistant"));
  }
  return h(
    "details.why",
    h("summary", "Why am I seeing this?"),
    h("div.why-body", list.map((e) => entryView(e, ctx)), actions),
  );
}
