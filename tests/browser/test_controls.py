"""The person's controls in a browser: speaking a message, deleting a whole conversation,
and, under the consent preset, the opt-in switches."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import shot
from tests.browser.test_person_flows import HIKING, chat, open_app

# Headless Chromium has no speech service: a stand-in that "hears" one sentence.
FAKE_SPEECH = """
const heard = { results: [[{ transcript: "I love hiking in the mountains" }]] };
window.SpeechRecognition = window.webkitSpeechRecognition = class {
  start() {
    setTimeout(() => {
      if (this.onresult) this.onresult(heard);
      if (this.onend) this.onend();
    }, 30);
  }
  stop() { if (this.onend) this.onend(); }
};
"""


def quoting(page: Any, kind: str, message_id: str) -> Any:
    return page.locator(f"[data-kind='{kind}']").filter(
        has=page.locator(f".why-quote[data-evidence='{message_id}']")
    )


def test_the_microphone_fills_the_box_and_the_message_is_stored_as_voice(page: Any) -> None:
    page.context.add_init_script(FAKE_SPEECH)
    open_app(page, "alice", "facebook")
    page.get_by_role("button", name="Speak your message").click()
    box = page.get_by_label("Message to the assistant")
    page.wait_for_function("() => document.querySelector('.chat-input').value.includes('hiking')")
    assert page.locator(".voice-tag").is_visible()
    mine = chat(page, box.input_value())
    assert "voice" in mine.inner_text()
    page.locator(".tabs [data-tab='activity']").click()
    source = page.locator(".interest-section[data-purpose='ads'] .source").first
    source.wait_for()
    assert "by voice" in source.inner_text()


def test_deleting_a_conversation_takes_its_influence_away(page: Any) -> None:
    open_app(page, "alice", "facebook")
    first = chat(page, HIKING).get_attribute("data-message")
    second = chat(page, "Which trail is best for a day hike near a lake?").get_attribute(
        "data-message"
    )
    assert quoting(page, "ad", first).count() + quoting(page, "ad", second).count() > 0
    page.locator(".tabs [data-tab='activity']").click()
    panel = page.locator(".identity-panel[data-identity*='fb:alice']")
    conversation = panel.locator(".conversation").first
    conversation.wait_for()
    shot(page, "21-activity-before-deleting-the-conversation")
    page.once("dialog", lambda dialog: dialog.accept())
    conversation.locator("[data-delete-conversation]").click()
    gone = ".identity-panel[data-identity*='fb:alice'] .conversation"
    page.wait_for_selector(gone, state="detached")
    assert (
        "No interests for ads yet."
        in panel.locator(".interest-section[data-purpose='ads']").inner_text()
    )
    page.locator(".tabs [data-tab='facebook']").click()
    page.wait_for_selector(".feed-pane[data-loaded]")
    for message_id in (first, second):
        assert quoting(page, "ad", message_id).count() == 0
        assert quoting(page, "item", message_id).count() == 0
    assert page.locator(".chat-log .bubble[data-message]").count() == 0


@pytest.mark.parametrize("server_env", [{"CHATSIGNALS_POLICY": "consent"}])
def test_under_the_consent_preset_chats_count_only_after_opting_in(page: Any) -> None:
    open_app(page, "alice", "facebook")
    before = chat(page, HIKING)
    assert "Not used for ads or content" in before.inner_text()
    assert "consent" in before.inner_text()
    page.locator(".tabs [data-tab='activity']").click()
    switch = page.locator(".identity-panel[data-identity*='fb:alice'] [data-consent='ads']")
    switch.check()
    page.wait_for_selector(".toast:has-text('may now personalize ads')")
    shot(page, "22-consent-preset-opt-in-switches")
    page.locator(".tabs [data-tab='facebook']").click()
    page.wait_for_selector(".feed-pane[data-loaded]")
    after = chat(page, "Any tips for a first hiking trail in the mountains?")
    assert "Used for ads" in after.inner_text()
    quoting(page, "ad", after.get_attribute("data-message")).first.wait_for()
