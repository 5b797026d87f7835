// What the page remembers in this browser: drafts (so nothing typed is lost on an error
// or a reload), conversation ids, and which notices were already shown.

const PREFIX = "chatsignals.";

function read(key, fallback) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value === undefined || value === null || value === "") localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // storage full or disabled: drafts are a convenience, not a requirement
  }
}

export const drafts = {
  get: (id) => read(`draft.${id}`, ""),
  set: (id, text) => write(`draft.${id}`, text),
  clear: (id) => write(`draft.${id}`, null),
};

/** One assistant conversation per app account; a new one after the old is deleted. */
export const conversations = {
  current(account) {
    let id = read(`conversation.${account}`, null);
    if (!id) {
      id = `chat-${account.replace(/[^A-Za-z0-9_.:-]/g, "_")}-${Date.now().toString(36)}`;
      write(`conversation.${account}`, id);
    }
    return id;
  },
  all(account) {
    return read(`conversations.${account}`, []);
  },
  remember(account, id) {
    const known = new Set(read(`conversations.${account}`, []));
    known.add(id);
    write(`conversations.${account}`, [...known]);
  },
  forget(account, id) {
    write(`conversations.${account}`, read(`conversations.${account}`, []).filter((c) => c !== id));
    if (read(`conversation.${account}`, null) === id) write(`conversation.${account}`, null);
  },
};

export const notices = {
  shown: (account) => Boolean(read(`notice.${account}`, false)),
  markShown: (account) => write(`notice.${account}`, new Date().toISOString()),
};

export const consentChoices = {
  get: (account) => read(`consent.${account}`, {}),
  set: (account, purpose, granted) => write(`consent.${account}`, { ...read(`consent.${account}`, {}), [purpose]: granted }),
};
