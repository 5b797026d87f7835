// Advertiser view: campaigns, creatives, targeting, and the aggregated report with a chart.
import * as api from "../api.js";
import { clear, h } from "../dom.js";

export async function renderAdvertiser(root, advertiserId, stillCurrent) {
  root.dataset.title = "Advertisers";
  if (!stillCurrent()) return;
  clear(root, h("section.page-head", h("h1", "Advertisers"), h("p.lede", "Coming with the campaigns API.")));
}
