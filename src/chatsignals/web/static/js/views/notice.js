// The notice: the announcement that chats with the assistant personalize ads and content.
// Showing it records its delivery, after which the person's chats may be used.
import * as api from "../api.js";
import { appName, clear, h } from "../dom.js";
import { notices } from "../state.js";

export const EFFECTIVE_DATE = "December 16, 2025";

/** The banner for `account`, or null when this browser already showed it. */
export function noticeBanner(account, app) {
  if (notices.shown(account)) return null;
  const status = h("span.small.muted.notice-status");
  const close = h("button.btn.small.secondary", { type: "button" }, "Got it");
  const banner = h(
    "aside.notice-banner",
    { role: "region", "aria-label": "Update about AI and personalization", "data-account": account },
    h("div.notice-icon", { "aria-hidden": "true" }, "✦"),
    h(
      "div",
      h("strong", "We're updating how we use AI to personalize your experience"),
      h(
        "p",
        `From ${EFFECTIVE_DATE}, your interactions with the assistant on ${appName(app)} will be used to personalize the content and ads you see. `,
        h("a", { href: "#/notice" }, "Learn more"),
      ),
      status,
    ),
    close,
  );
  close.addEventListener("click", () => banner.remove());
  api
    .post(`/v1/accounts/${encodeURIComponent(account)}/notice-deliveries`, {})
    .then((r) => {
      notices.markShown(account);
      status.textContent = `Notice recorded ${new Date(r.delivered_at).toLocaleString()}.`;
      banner.dataset.recorded = "true";
    })
    .catch((err) => {
      status.textContent = `The notice could not be recorded (${err.detail}); it will show again.`;
      banner.dataset.recorded = "false";
    });
  return banner;
}

export function renderNoticeInfo(root) {
  root.dataset.title = "About AI and personalization";
  clear(
    root,
    h(
      "article.card.prose",
      h("h1", "How your chats with the assistant personalize what you see"),
      h("p", `From ${EFFECTIVE_DATE}, what you say to the assistant — typed or spoken — can shape the posts, groups and ads you see, alongside your likes and follows.`),
      h("h2", "What is never used"),
      h(
        "ul",
        h("li", "Conversations from before the date, or before you were shown this notice."),
        h("li", "End-to-end encrypted conversations."),
        h("li", "For ads: conversations about religious views, sexual orientation, political views, health, racial or ethnic origin, philosophical beliefs or trade union membership."),
        h("li", "For people under 18: no ads targeted by what they chat about."),
        h("li", "Accounts in the EU, the UK and South Korea."),
      ),
      h("h2", "What you control"),
      h(
        "ul",
        h("li", "“Why am I seeing this?” on every ad and post quotes the messages behind it."),
        h("li", "In “Your activity”, hide a topic, delete a message or a whole conversation (what it taught goes with it), and export everything."),
        h("li", "In Accounts Center, choose which apps share what you say."),
      ),
      h("p", h("a.btn.secondary", { href: "#/" }, "Back")),
    ),
  );
}
