// The three app surfaces: a social feed (Facebook), a photo/short-video grid (Instagram)
// and a messenger (WhatsApp). Each has the assistant chat; ads carry "Sponsored", posts
// say whether they are from someone followed or suggested, and every one of them can
// answer "Why am I seeing this?".
import * as api from "../api.js";
import { APPS, appName, avatar, busy, clear, errorBox, h, hue, spinner, toast } from "../dom.js";
import { like, loadAds, loadFeed, recordClick } from "../delivery.js";
import { accountFor, person as loadPerson } from "../people.js";
import { whyPanel } from "../why.js";
import { chatPanel } from "./chat.js";
import { noticeBanner } from "./notice.js";
import { personNav } from "./personnav.js";

async function loadSources(account) {
  try {
    const activity = await api.get("/v1/me/activity", { auth: { person: account } });
    return activity.sources || {};
  } catch {
    return {}; // the why cards still show topics and dates without the quotes
  }
}

function sponsored() {
  return h("span.badge.sponsored", "Sponsored");
}

let advertiserNames = null;
async function loadAdvertiserNames() {
  if (!advertiserNames) {
    advertiserNames = api
      .get("/web/advertisers", { auth: null })
      .then((d) => Object.fromEntries(d.advertisers.map((a) => [a.id, a.name])))
      .catch(() => ({}));
  }
  return advertiserNames;
}

function adCard(ad, ctx, variant) {
  const advertiser = ad.advertiser_name || (ctx.advertisers || {})[ad.advertiser] || ad.advertiser || "Advertiser";
  const open = (ev) => {
    recordClick(ctx.account, ad);
    if (!ad.landing_url) ev.preventDefault();
  };
  return h(
    `article.card.ad.${variant}`,
    { "data-kind": "ad", "data-campaign": ad.campaign_id, "data-creative": ad.creative_id },
    variant === "tile" ? h("div.tile-art", { style: { "--hue": hue(ad.title) } }, h("span", ad.title)) : null,
    h("header.post-head", avatar(advertiser), h("div", h("strong", advertiser), h("br"), sponsored())),
    h("h3.ad-title", ad.title),
    ad.body ? h("p.ad-body", ad.body) : null,
    ad.landing_url
      ? h("a.btn.small.secondary.cta", { href: ad.landing_url, target: "_blank", rel: "noopener noreferrer", onclick: open }, "Learn more")
      : null,
    whyPanel(ad.why, { ...ctx, kind: "ad" }),
  );
}

function itemCard(item, ctx, variant) {
  const likeButton = h(
    "button.btn.small.ghost.like",
    {
      type: "button",
      "aria-pressed": "false",
      onclick: (ev) => {
        const button = ev.currentTarget;
        return busy(button, async () => {
          await like(ctx.account, item.id);
          button.setAttribute("aria-pressed", "true");
          button.textContent = "Liked";
          toast("Liked. Likes shape your feed too.");
        });
      },
    },
    "Like",
  );
  return h(
    `article.card.post.${variant}`,
    { "data-kind": "item", "data-item": item.id, "data-followed": String(item.followed) },
    variant === "tile" ? h("div.tile-art", { style: { "--hue": hue(item.title) } }, h("span", item.kind === "reel" ? "▶" : ""), h("span", item.title)) : null,
    h(
      "header.post-head",
      avatar(item.author || "?"),
      h("div", h("strong", item.author || "Someone"), h("br"), h(`span.badge.${item.followed ? "followed" : "suggested"}`, item.followed ? "Following" : "Suggested for you")),
      item.kind && item.kind !== "post" ? h("span.tag", item.kind) : null,
    ),
    variant === "tile" ? null : h("h3", item.title),
    item.body && variant !== "tile" ? h("p", item.body) : null,
    h("div.post-actions", likeButton),
    whyPanel(item.why, { ...ctx, kind: "item", author: item.author }),
  );
}

/** Feed items with an ad after every `every` items. */
function interleave(items, ads, every) {
  const out = [];
  let a = 0;
  items.forEach((item, i) => {
    out.push({ type: "item", value: item });
    if ((i + 1) % every === 0 && a < ads.length) out.push({ type: "ad", value: ads[a++] });
  });
  while (a < ads.length) out.push({ type: "ad", value: ads[a++] });
  return out;
}

function renderContent(app, ads, items, ctx) {
  if (app === "instagram") {
    return h(
      "div.ig-grid",
      { "aria-label": "Explore" },
      interleave(items, ads, 4).map((e) => (e.type === "ad" ? adCard(e.value, ctx, "tile") : itemCard(e.value, ctx, "tile"))),
    );
  }
  if (app === "whatsapp") {
    return h(
      "div.wa-updates",
      h("p.small.muted", "Channels and offers, picked for you"),
      h("div.wa-list", interleave(items, ads, 3).map((e) => (e.type === "ad" ? adCard(e.value, ctx, "row") : itemCard(e.value, ctx, "row")))),
    );
  }
  return h("div.fb-feed", interleave(items, ads, 3).map((e) => (e.type === "ad" ? adCard(e.value, ctx, "card") : itemCard(e.value, ctx, "card"))));
}

export async function renderSurface(root, personId, page, stillCurrent) {
  const person = await loadPerson(personId);
  const app = page || person.accounts[0].app;
  if (!page) {
    location.replace(`#/person/${encodeURIComponent(personId)}/${app}`);
    return;
  }
  const account = accountFor(person, app);
  root.dataset.title = `${person.name} on ${appName(app)}`;
  if (!account) {
    clear(
      root,
      personNav(person, app),
      h("div.card.empty", h("h2", `${person.name} doesn't use ${appName(app)}`), h("p", "Pick one of their apps above.")),
    );
    return;
  }
  const feedPane = h("section.feed-pane", { "aria-label": `${appName(app)} ${APPS[app] ? APPS[app].label : "feed"}` });
  const refresh = h("button.btn.small.secondary.refresh", { type: "button" }, "↻ Refresh");
  const ctx = { account, personId, sources: {}, onChange: () => loadContent() };

  async function loadContent() {
    refresh.disabled = true;
    const body = feedPane.querySelector(".feed-body");
    if (!body.childElementCount) body.append(spinner("Loading your feed…"));
    else body.classList.add("refreshing");
    const [ads, items, sources, names] = await Promise.allSettled([loadAds(account, app), loadFeed(account, app), loadSources(account), loadAdvertiserNames()]);
    ctx.advertisers = names.status === "fulfilled" ? names.value : {};
    refresh.disabled = false;
    body.classList.remove("refreshing");
    if (!stillCurrent()) return;
    ctx.sources = sources.status === "fulfilled" ? sources.value : {};
    const problems = [ads, items].filter((r) => r.status === "rejected").map((r) => r.reason);
    const content = renderContent(app, ads.status === "fulfilled" ? ads.value : [], items.status === "fulfilled" ? items.value : [], ctx);
    clear(
      body,
      problems.length ? errorBox(problems[0], () => loadContent(), { compact: true }) : null,
      content.childElementCount ? content : h("p.muted.empty", "Nothing to show yet. Chat with the assistant, like a post, or follow someone."),
    );
    feedPane.dataset.loaded = String(Date.now());
  }
  refresh.addEventListener("click", loadContent);

  feedPane.append(
    h("div.pane-head", h("h2", app === "whatsapp" ? "Updates" : APPS[app].label), refresh),
    h("div.feed-body"),
  );
  const chat = chatPanel({ account, app, personName: person.name, onReply: () => loadContent() });
  const chatPane = h("section.chat-pane", chat);
  const switcher = h(
    "div.pane-switch",
    { role: "tablist", "aria-label": "Show" },
    h("button.btn.small", { type: "button", role: "tab", "aria-selected": "true", "data-pane": "feed" }, app === "whatsapp" ? "Updates" : "Feed"),
    h("button.btn.small", { type: "button", role: "tab", "aria-selected": "false", "data-pane": "chat" }, "Assistant"),
  );
  const surface = h(`div.surface.surface-${app}`, { "data-pane": app === "whatsapp" ? "chat" : "feed", "data-app": app, "data-account": account }, switcher, feedPane, chatPane);
  for (const b of switcher.querySelectorAll("button")) {
    b.setAttribute("aria-selected", String(b.dataset.pane === surface.dataset.pane));
    b.addEventListener("click", () => {
      surface.dataset.pane = b.dataset.pane;
      for (const other of switcher.querySelectorAll("button")) other.setAttribute("aria-selected", String(other === b));
    });
  }
  clear(root, personNav(person, app), noticeBanner(account, app), surface);
  loadContent();
}
