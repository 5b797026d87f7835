// Ads and feed items for one account in one app, from the delivery API, in one shape:
//   ad:   { campaign_id, creative_id, title, body, landing_url, advertiser, price, why: [...] }
//   item: { id, kind, title, body, author, followed, why: [...] }
import * as api from "./api.js";

const enc = encodeURIComponent;

function listOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of keys) if (data && Array.isArray(data[key])) return data[key];
  return [];
}

export async function loadAds(account, app, limit = 4) {
  const data = await api.get(`/v1/accounts/${enc(account)}/ads`, { query: { app, limit } });
  return listOf(data, "ads", "served", "items").map((ad) => ({
    ...ad,
    campaign_id: ad.campaign_id ?? ad.campaign,
    creative_id: ad.creative_id ?? (ad.creative && typeof ad.creative === "object" ? ad.creative.id : ad.creative),
    title: ad.title ?? (ad.creative && ad.creative.title),
    body: ad.body ?? (ad.creative && ad.creative.body),
    landing_url: ad.landing_url ?? (ad.creative && ad.creative.landing_url),
    why: ad.why || [],
    impression_id: ad.impression_id ?? ad.impression ?? null,
  }));
}

export async function loadFeed(account, app, limit = 12) {
  const data = await api.get(`/v1/accounts/${enc(account)}/feed`, { query: { app, limit } });
  return listOf(data, "items", "feed").map((item) => ({
    ...item,
    id: item.id ?? item.item_id,
    followed: Boolean(item.followed ?? item.label === "followed"),
    impression_id: item.impression_id ?? item.impression ?? null,
    why: item.why || [],
  }));
}

/** Record a click on an ad (best effort: a failure never blocks the person). */
export async function recordClick(account, ad) {
  if (!ad.impression_id) return null;
  return api.post(`/v1/impressions/${enc(ad.impression_id)}/clicks`, {}, {}).catch(() => null);
}

let likeSeq = 0;
export async function like(account, itemId) {
  const id = `like-${account}-${itemId}-${Date.now().toString(36)}${(likeSeq++).toString(36)}`.replace(/[^A-Za-z0-9_.:-]/g, "_");
  return api.post("/v1/engagements", { id, account, kind: "like", item: itemId });
}
