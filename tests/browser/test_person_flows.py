"""A person's side, clicked through in a browser: the picker, the notice, the assistant
chat, "Your activity" with the messages behind each interest, deleting, and errors."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import PHONE, Server, shot

HIKING = "I want to go hiking in the mountains this weekend, which hiking boots should I buy?"
DIABETES = "My doctor says my diabetes medication might make me dizzy, is that normal?"


def open_app(page: Any, person: str, app: str) -> None:
    page.goto(f"/#/person/{person}/{app}")
    page.wait_for_selector(".surface")
    page.wait_for_selector(".feed-pane[data-loaded]")


def chat(page: Any, text: str) -> Any:
    """Send a message, wait for the stored answer and for the feed and ads to reload;
    returns the person's bubble."""
    box = page.get_by_label("Message to the assistant")
    box.fill(text)
    answers = page.locator(".chat-log .bubble.theirs[data-message]")
    before = answers.count()
    loaded = page.locator(".feed-pane").get_attribute("data-loaded")
    page.get_by_role("button", name="Send").click()
    answers.nth(before).wait_for()
    page.wait_for_function(
        "b => document.querySelector('.feed-pane')?.dataset.loaded !== b", arg=loaded
    )
    return page.locator(".chat-log .bubble.mine").last


def test_the_picker_lists_demo_people_with_country_age_and_linked_apps(page: Any) -> None:
    page.goto("/")
    cards = page.locator(".person-card")
    cards.first.wait_for()
    assert cards.count() == 6
    alice = page.locator(".person-card", has_text="Alice")
    assert "United States" in alice.inner_text() and "Facebook + Instagram linked" in (
        alice.inner_text()
    )
    assert "minor" in page.locator(".person-card", has_text="Jordan").inner_text().lower()
    shot(page, "01-person-picker")


def test_the_notice_banner_records_its_delivery(page: Any) -> None:
    open_app(page, "camila", "whatsapp")
    banner = page.locator(".notice-banner")
    assert "personalize the content and ads" in banner.inner_text()
    page.wait_for_selector(".notice-banner[data-recorded='true']")
    assert banner.get_by_role("link", name="Learn more").is_visible()
    shot(page, "02-whatsapp-notice-banner")


def test_a_hiking_chat_becomes_an_interest_quoted_and_deleting_it_removes_it(page: Any) -> None:
    open_app(page, "alice", "facebook")
    mine = chat(page, HIKING)
    assert "Used for ads and content" in mine.inner_text()
    message_id = mine.get_attribute("data-message")
    shot(page, "03-facebook-after-hiking-chat")
    page.locator(".tabs [data-tab='activity']").click()
    panel = page.locator(".identity-panel[data-identity*='fb:alice']")
    interest = panel.locator(".interest-section[data-purpose='ads'] .interest").first
    interest.wait_for()
    assert HIKING in interest.inner_text()
    shot(page, "04-activity-with-hiking-interest")
    interest.locator(f"[data-delete-message='{message_id}']").click()
    page.wait_for_selector(
        f".interest-section[data-purpose='ads'] >> text={HIKING}", state="detached"
    )
    assert HIKING not in panel.locator(".interest-columns").inner_text()
    shot(page, "05-activity-after-deleting-the-message")


def test_a_medical_chat_gives_no_interest_for_ads(page: Any) -> None:
    open_app(page, "marc", "facebook")
    mine = chat(page, DIABETES)
    assert "sensitive" in mine.inner_text()
    page.locator(".tabs [data-tab='activity']").click()
    page.wait_for_selector(".interest-section[data-purpose='ads']")
    ads = page.locator(".interest-section[data-purpose='ads']")
    assert "No interests for ads yet." in ads.inner_text()
    assert DIABETES in page.locator(".conversations").inner_text()
    shot(page, "06-activity-after-medical-chat")


def test_what_was_typed_survives_the_server_going_down(page: Any, server: Server) -> None:
    open_app(page, "alice", "instagram")
    server.stop()
    box = page.get_by_label("Message to the assistant")
    box.fill("Any tips for cooking pasta?")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".chat-status .error-box")
    assert "can't be reached" in page.locator(".chat-status").inner_text()
    assert box.input_value() == "Any tips for cooking pasta?"
    page.wait_for_selector("#offline-banner:not([hidden])")
    shot(page, "07-server-down-text-kept")
    page.locator(".tabs [data-tab='activity']").click()
    page.wait_for_selector("main .error-box")
    shot(page, "08-server-down-page-error")
    server.start()
    page.get_by_role("button", name="Try again").first.click()
    page.wait_for_selector(".identity-panel")
    assert page.locator("#offline-banner").is_hidden()
    page.goto("/#/person/alice/instagram")
    page.wait_for_selector(".chat-input")
    assert page.get_by_label("Message to the assistant").input_value() == (
        "Any tips for cooking pasta?"
    )


def test_the_phone_layout_switches_between_feed_and_assistant(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport=PHONE, base_url=server.url, is_mobile=True)
    page = context.new_page()
    try:
        page.goto("/")
        page.locator(".person-card").first.wait_for()
        shot(page, "09-phone-person-picker")
        open_app(page, "alice", "facebook")
        assert page.locator(".feed-pane").is_visible() and not page.locator(".chat").is_visible()
        page.get_by_role("tab", name="Assistant").click()
        assert page.locator(".chat").is_visible() and not page.locator(".feed-pane").is_visible()
        shot(page, "10-phone-assistant-chat")
    finally:
        context.close()
