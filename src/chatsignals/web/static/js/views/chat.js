// The assistant chat, the same in every app: history, a box that never loses what was
// typed, streaming answers, a microphone where the browser offers speech recognition,
// and under each message what the policy did with it.
import * as api from "../api.js";
import { appName, clear, errorBox, formatDateTime, h, icon, spinner } from "../dom.js";
import { conversations, drafts } from "../state.js";

let described = null;
async function describeAssistant() {
  if (!described) described = api.get("/v1/assistant").catch(() => null);
  return described;
}

function newMessageId() {
  const rand = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `msg-${rand}`;
}

/** What the policy did with a person's message, in words. */
export function usageLine(message) {
  const used = message.used_for;
  if (!used) return message.status === "pending" ? "Waiting to be processed" : null;
  const rules = message.rules || [];
  const purposes = Object.entries(used).filter(([, ok]) => ok).map(([p]) => p);
  const label = purposes.length ? `Used for ${purposes.join(" and ")}` : "Not used for ads or content";
  const ruleNames = [...new Set(rules.map((r) => r.rule))];
  const reasons = [...new Set(rules.map((r) => r.reason))];
  return h(
    "span.usage",
    { class: purposes.length ? "used" : "unused", title: reasons.join("\n"), "data-used": purposes.join(",") || "none" },
    label,
    ruleNames.length ? ` · ${ruleNames.join(", ")}` : "",
  );
}

function bubble(message) {
  const mine = message.role === "user";
  return h(
    `div.bubble.${mine ? "mine" : "theirs"}`,
    { "data-message": message.id, "data-role": message.role },
    h("p.bubble-text", message.text ?? "(text not stored: end-to-end encrypted)"),
    h(
      "p.bubble-meta",
      message.at ? formatDateTime(message.at) : "",
      message.modality === "voice" ? " · voice" : "",
      mine ? " · " : "",
      mine ? usageLine(message) : null,
    ),
  );
}

function speechRecognition() {
  return window.SpeechRecognition || window.webkitSpeechRecognition || null;
}

/**
 * Renders the chat for `account` (in `app`) into a new element. `onReply()` runs after each
 * answered message, so the surface can refresh ads and posts.
 */
export function chatPanel({ account, app, personName, onReply }) {
  const conversation = conversations.current(account);
  conversations.remember(account, conversation);
  const draftKey = `${account}:${conversation}`;
  const log = h("div.chat-log", { role: "log", "aria-live": "polite", "aria-label": "Conversation with the assistant" });
  const status = h("div.chat-status");
  const input = h("textarea.chat-input", {
    rows: 2,
    name: "message",
    placeholder: `Message the assistant on ${appName(app)}…`,
    "aria-label": "Message to the assistant",
    maxlength: 8000,
  });
  const draft = drafts.get(draftKey) || {};
  input.value = draft.text || "";
  let modality = draft.modality || "text";
  const send = h("button.btn.primary.send", { type: "submit" }, "Send");
  const mic = h(
    "button.btn.icon.mic",
    { type: "button", "aria-label": "Speak your message", title: "Speak your message" },
    icon("mic"),
  );
  const voiceTag = h("span.voice-tag", { hidden: modality !== "voice" }, "voice message");
  const form = h("form.chat-form", { autocomplete: "off" }, input, h("div.chat-buttons", mic, send), voiceTag);
  const sub = h("span.small.muted", "Assistant");
  const panel = h(
    "section.chat",
    { "aria-label": "Assistant chat", "data-conversation": conversation },
    h("header.chat-head", h("span.avatar.md.assistant", { "aria-hidden": "true" }, "✦"), h("div", h("strong", "Assistant"), h("br"), sub)),
    log,
    status,
    form,
  );

  describeAssistant().then((d) => {
    if (d) sub.textContent = d.about || (d.model ? `${d.backend} · ${d.model}` : d.backend);
  });

  function saveDraft() {
    const pending = drafts.get(draftKey) || {};
    drafts.set(draftKey, input.value ? { ...pending, text: input.value, modality } : null);
  }
  input.addEventListener("input", () => {
    if (!input.value) setModality("text");
    saveDraft();
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });

  function setModality(value) {
    modality = value;
    voiceTag.hidden = value !== "voice";
  }

  const Recognition = speechRecognition();
  if (!Recognition) {
    mic.disabled = true;
    mic.title = "Voice input isn't available in this browser";
  } else {
    let active = null;
    mic.addEventListener("click", () => {
      if (active) {
        active.stop();
        return;
      }
      const rec = new Recognition();
      rec.interimResults = true;
      rec.lang = navigator.language || "en-US";
      const before = input.value ? `${input.value} ` : "";
      rec.onresult = (ev) => {
        const transcript = Array.from(ev.results).map((r) => r[0].transcript).join("");
        input.value = before + transcript;
        setModality("voice");
        saveDraft();
      };
      rec.onerror = (ev) => showStatus(errorBox(new api.ApiError(0, `Voice input stopped: ${ev.error}`), null, { compact: true }));
      rec.onend = () => {
        active = null;
        mic.classList.remove("listening");
      };
      active = rec;
      mic.classList.add("listening");
      rec.start();
    });
  }

  function showStatus(...nodes) {
    clear(status, ...nodes);
  }

  async function loadHistory() {
    clear(log, spinner("Loading conversation…"));
    try {
      const data = await api.get(`/v1/assistant/conversations/${encodeURIComponent(conversation)}`, { query: { account } });
      clear(log);
      if (!data.messages.length) {
        log.append(
          h(
            "p.chat-empty.muted",
            `Hi ${personName}! Ask me anything — hiking, travel, cooking, tech, fitness… What you say here can shape the ads and posts you see.`,
          ),
        );
      }
      for (const m of data.messages) log.append(bubble(m));
      log.scrollTop = log.scrollHeight;
    } catch (err) {
      clear(log, errorBox(err, loadHistory, { compact: true }));
    }
  }

  async function submit(ev) {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showStatus(errorBox(new api.ApiError(422, "Type a message first."), null, { compact: true }));
      input.focus();
      return;
    }
    // The id is kept with the draft, so sending again after an error is a safe retry.
    const pending = drafts.get(draftKey) || {};
    const id = pending.text === input.value && pending.id ? pending.id : newMessageId();
    drafts.set(draftKey, { text: input.value, modality, id });
    send.disabled = true;
    panel.classList.add("sending");
    showStatus(spinner("Sending…"));
    const mine = bubble({ id, role: "user", text, modality, at: new Date().toISOString() });
    mine.classList.add("pending");
    const answer = h("div.bubble.theirs.streaming", { "data-role": "assistant" }, h("p.bubble-text", ""), h("p.bubble-meta", "…"));
    log.querySelector(".chat-empty")?.remove();
    log.append(mine, answer);
    log.scrollTop = log.scrollHeight;
    let replyText = "";
    try {
      const response = await api.request("POST", "/v1/assistant/messages/stream", {
        body: { id, account, conversation, app, text, modality },
        raw: true,
      });
      let final = null;
      let failure = null;
      let head = null;
      await api.readEvents(response, (name, data) => {
        if (name === "message") head = data;
        else if (name === "delta") {
          replyText += data.text;
          answer.querySelector(".bubble-text").textContent = replyText;
          log.scrollTop = log.scrollHeight;
        } else if (name === "reply") final = data;
        else if (name === "error") failure = data;
      });
      if (head) mine.replaceWith(bubble({ ...head.message, role: "user", text, modality, at: new Date().toISOString() }));
      if (failure || !final) throw new api.ApiError(502, (failure && failure.detail) || "The answer was cut off; send again to retry.");
      answer.replaceWith(bubble(final));
      input.value = "";
      setModality("text");
      drafts.clear(draftKey);
      showStatus();
      if (onReply) onReply();
    } catch (err) {
      answer.remove();
      mine.remove();
      // What was typed stays in the box (and in the saved draft) to send again.
      input.value = input.value || text;
      showStatus(errorBox(err, () => form.requestSubmit(), { compact: true }));
    } finally {
      send.disabled = false;
      panel.classList.remove("sending");
      log.scrollTop = log.scrollHeight;
    }
  }
  form.addEventListener("submit", submit);
  loadHistory();
  return panel;
}
