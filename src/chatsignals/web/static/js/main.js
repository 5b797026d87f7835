// Boot and hash routing: #/ people, #/person/{id}/{facebook|instagram|whatsapp|activity|accounts},
// #/advertiser[/{id}], #/audit, #/notice, #/connect.
import * as api from "./api.js";
import { clear, errorBox, spinner } from "./dom.js";
import { renderPicker } from "./views/picker.js";
import { renderSurface } from "./views/surface.js";
import { renderActivity } from "./views/activity.js";
import { renderAccounts } from "./views/accounts.js";
import { renderAdvertiser } from "./views/advertiser.js";
import { renderAudit } from "./views/audit.js";
import { renderNoticeInfo } from "./views/notice.js";
import { renderConnect } from "./views/connect.js";

const main = document.getElementById("main");
let renderToken = 0;

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "person" && parts[1]) return { view: "person", id: parts[1], page: parts[2] || "" };
  if (parts[0] === "advertiser") return { view: "advertiser", id: parts[1] || "" };
  if (parts[0] === "audit") return { view: "audit" };
  if (parts[0] === "notice") return { view: "notice" };
  if (parts[0] === "connect") return { view: "connect" };
  return { view: "people" };
}

function markNav(view) {
  const section = view === "person" ? "people" : view;
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === section) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function render() {
  const token = ++renderToken;
  const route = parseRoute();
  markNav(route.view);
  const root = clear(main, spinner());
  // A view renders into a fresh container so a slow, superseded render can't overwrite a newer one.
  const container = document.createElement("div");
  container.className = "view";
  const stillCurrent = () => token === renderToken;
  try {
    const config = api.getConfig();
    const needsKeys = config.auth_required && !Object.keys(config.keys || {}).length;
    if (needsKeys && route.view !== "connect" && route.view !== "notice") {
      await renderConnect(container);
    } else if (route.view === "person") {
      if (["facebook", "instagram", "whatsapp", ""].includes(route.page)) {
        await renderSurface(container, route.id, route.page, stillCurrent);
      } else if (route.page === "activity") {
        await renderActivity(container, route.id, stillCurrent);
      } else if (route.page === "accounts") {
        await renderAccounts(container, route.id, stillCurrent);
      } else {
        throw new api.ApiError(404, `There is no page “${route.page}”.`);
      }
    } else if (route.view === "advertiser") {
      await renderAdvertiser(container, route.id, stillCurrent);
    } else if (route.view === "audit") {
      await renderAudit(container, stillCurrent);
    } else if (route.view === "notice") {
      renderNoticeInfo(container);
    } else if (route.view === "connect") {
      await renderConnect(container);
    } else {
      await renderPicker(container, stillCurrent);
    }
  } catch (err) {
    if (!stillCurrent()) return;
    clear(container, errorBox(err, () => render()));
  }
  if (!stillCurrent()) return;
  clear(root, container);
  document.title = container.dataset.title ? `${container.dataset.title} · chatsignals` : "chatsignals";
}

function watchConnectivity() {
  const banner = document.getElementById("offline-banner");
  let timer = null;
  api.onConnectivity((online) => {
    banner.hidden = online;
    document.body.classList.toggle("is-offline", !online);
    clearInterval(timer);
    if (!online) timer = setInterval(() => api.ping(), 3000);
  });
  document.getElementById("offline-retry").addEventListener("click", async () => {
    if (await api.ping()) render();
  });
}

async function boot() {
  watchConnectivity();
  clear(main, spinner("Connecting…"));
  for (;;) {
    try {
      const config = await api.loadConfig();
      const chip = document.getElementById("policy-chip");
      chip.textContent = `policy: ${config.policy}`;
      chip.hidden = false;
      break;
    } catch (err) {
      await new Promise((resolve) => {
        clear(main, errorBox(err, resolve));
        setTimeout(resolve, 5000);
      });
    }
  }
  window.addEventListener("hashchange", render);
  render();
}

export const rerender = () => render();
boot();
