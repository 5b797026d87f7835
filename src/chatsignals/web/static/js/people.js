// The demo people (from the catalog) and their live Accounts Center state.
import * as api from "./api.js";

let people = null;

export async function loadPeople() {
  if (!people) {
    const data = await api.get("/web/people", { auth: null });
    people = data.people;
  }
  return people;
}

export async function person(id) {
  const all = await loadPeople();
  const found = all.find((p) => p.id === id);
  if (!found) throw new api.ApiError(404, `There is no demo person called “${id}”.`);
  return found;
}

export function accountFor(p, app) {
  const acct = p.accounts.find((a) => a.app === app);
  return acct ? acct.id : null;
}

/** Each of the person's accounts with its live center and linked accounts. */
export async function liveAccounts(p) {
  return Promise.all(
    p.accounts.map(async (a) => {
      const live = await api.get(`/v1/accounts/${encodeURIComponent(a.id)}`);
      return { ...a, center: live.center, linked: live.linked_accounts || [], country: live.country };
    }),
  );
}
