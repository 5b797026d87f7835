// Outside demo mode the page needs API keys: a platform key for the apps' side, and
// optionally auditor and admin keys. They are kept for this browser tab only.
import * as api from "../api.js";
import { clear, h } from "../dom.js";

export async function renderConnect(root) {
  root.dataset.title = "Connect";
  const field = (role, label) =>
    h("label.field", h("span", label), h("input", { type: "password", name: role, autocomplete: "off", placeholder: "cs_…", value: api.getConfig().keys[role] || "" }));
  const form = h(
    "form.card.connect",
    h("h1", "Connect to chatsignals"),
    h("p", "This server asks for API keys. Paste them here; they stay in this browser tab only. (", h("code", "chatsignals demo"), " hands keys to the page by itself.)"),
    field("platform", "Platform key (the apps: chats, feeds, ads)"),
    field("auditor", "Auditor key (audit view; optional)"),
    field("admin", "Admin key (advertiser view; optional)"),
    h("button.btn.primary", { type: "submit" }, "Connect"),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const keys = {};
    for (const role of ["platform", "auditor", "admin"]) {
      const value = String(data.get(role) || "").trim();
      if (value) keys[role] = value;
    }
    api.saveKeys(keys);
    location.hash = location.hash === "#/connect" || !location.hash ? "#/" : location.hash;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  clear(root, form);
}
