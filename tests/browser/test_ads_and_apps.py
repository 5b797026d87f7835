"""Ads and posts changing with what a person says, clicked through in a browser: the
"why" quoting the message, deletion taking it back, sensitive chats never reaching ads,
and linked apps sharing signals only while linked. Also the advertiser and audit views."""

from __future__ import annotations

import json
from typing import Any

from tests.browser.conftest import shot
from tests.browser.test_person_flows import DIABETES, HIKING, chat, open_app


def reload_feed(page: Any) -> None:
    before = page.locator(".feed-pane").get_attribute("data-loaded")
    page.get_by_role("button", name="↻ Refresh").click()
    page.wait_for_function(
        "b => document.querySelector('.feed-pane')?.dataset.loaded !== b", arg=before
    )


def quoting(page: Any, kind: str, message_id: str) -> Any:
    """Cards of ``kind`` (ad or item) whose why quotes the message."""
    return page.locator(f"[data-kind='{kind}']").filter(
        has=page.locator(f".why-quote[data-evidence='{message_id}']")
    )


def test_a_hiking_chat_brings_an_outdoor_ad_whose_why_quotes_it_until_it_is_deleted(
    page: Any,
) -> None:
    open_app(page, "alice", "facebook")
    mine = chat(page, HIKING)
    message_id = mine.get_attribute("data-message")
    ad = quoting(page, "ad", message_id).first
    ad.wait_for()
    assert "Sponsored" in ad.inner_text()
    ad.locator("summary", has_text="Why am I seeing this?").click()
    why = ad.locator(".why-entry[data-source='chat']").first
    assert "Outdoor Activities" in why.inner_text() and HIKING in why.inner_text()
    assert "Nov" in why.locator(".cite").first.inner_text() or why.locator(".cite").count()
    ad.scroll_into_view_if_needed()
    shot(page, "11-facebook-outdoor-ad-why-quotes-the-chat", full_page=False)
    item = quoting(page, "item", message_id).first
    assert item.count() and "Suggested for you" in item.inner_text()

    page.locator(".tabs [data-tab='activity']").click()
    page.locator(f"[data-delete-message='{message_id}']").first.click()
    page.wait_for_selector(f"[data-source-id='{message_id}']", state="detached")
    page.locator(".tabs [data-tab='facebook']").click()
    page.wait_for_selector(".feed-pane[data-loaded]")
    assert page.locator("[data-kind='ad']").count() > 0
    assert quoting(page, "ad", message_id).count() == 0
    assert quoting(page, "item", message_id).count() == 0
    shot(page, "12-facebook-after-deleting-the-hiking-message")


def test_a_medical_chat_brings_no_health_ad_and_no_interest_for_ads(page: Any) -> None:
    open_app(page, "marc", "facebook")
    mine = chat(page, DIABETES)
    message_id = mine.get_attribute("data-message")
    assert "Not used for ads" in mine.inner_text() or "content" not in mine.inner_text()
    ads = page.locator("[data-kind='ad']")
    assert ads.count() > 0
    assert quoting(page, "ad", message_id).count() == 0
    # Marc said nothing else, so no ad may be targeted by anything he said.
    assert page.locator("[data-kind='ad'] .why-entry[data-source='chat']").count() == 0
    shot(page, "13-facebook-after-medical-chat-no-health-ads")
    page.locator(".tabs [data-tab='activity']").click()
    ads_interests = page.locator(".interest-section[data-purpose='ads']")
    ads_interests.wait_for()
    assert "No interests for ads yet." in ads_interests.inner_text()


def test_linked_apps_share_a_chat_and_unlinking_stops_it(page: Any) -> None:
    open_app(page, "alice", "whatsapp")
    mine = chat(page, HIKING)
    message_id = mine.get_attribute("data-message")
    shot(page, "14-whatsapp-chat")

    # WhatsApp is not linked yet: Facebook knows nothing of the chat.
    page.locator(".tabs [data-tab='facebook']").click()
    page.wait_for_selector(".feed-pane[data-loaded]")
    assert quoting(page, "item", message_id).count() == 0

    page.locator(".tabs [data-tab='accounts']").click()
    page.locator("[data-link='wa:alice'][data-linked='false']").click()
    page.wait_for_selector("[data-link='wa:alice'][data-linked='true']")
    page.wait_for_selector(".crossings [data-from-app='whatsapp']")
    assert "Outdoor Activities" in page.locator(".crossings").inner_text()
    shot(page, "15-accounts-center-whatsapp-linked")

    page.locator(".tabs [data-tab='facebook']").click()
    page.wait_for_selector(".feed-pane[data-loaded]")
    item = quoting(page, "item", message_id).first
    item.wait_for()
    item.locator("summary").click()
    assert "WhatsApp" in item.locator(".why-quote").first.inner_text()
    item.scroll_into_view_if_needed()
    shot(page, "16-facebook-feed-shaped-by-a-whatsapp-chat", full_page=False)

    page.locator(".tabs [data-tab='accounts']").click()
    page.locator("[data-link='wa:alice'][data-linked='true']").click()
    page.wait_for_selector("[data-link='wa:alice'][data-linked='false']")
    page.locator(".tabs [data-tab='facebook']").click()
    page.wait_for_selector(".feed-pane[data-loaded]")
    assert quoting(page, "item", message_id).count() == 0
    assert quoting(page, "ad", message_id).count() == 0


def test_liking_hiding_a_topic_and_exporting_from_the_activity_page(page: Any) -> None:
    open_app(page, "alice", "instagram")
    chat(page, HIKING)
    post = page.locator("[data-kind='item']").first
    title = post.locator(".tile-art span").last.inner_text()
    post.get_by_role("button", name="Like").click()
    post.locator(".like[aria-pressed='true']").wait_for()
    page.locator(".tabs [data-tab='activity']").click()
    panel = page.locator(".identity-panel[data-identity*='ig:alice']")
    content = panel.locator(".interest-section[data-purpose='content']")
    content.locator(".source", has_text=f"You liked “{title}”").first.wait_for()
    panel.locator(".interest-section[data-purpose='ads'] [data-hide='159']").click()
    page.wait_for_selector("[data-hidden='159']")
    assert panel.locator(".interest-section[data-purpose='ads'] [data-topic='159']").count() == 0
    with page.expect_download() as download:
        panel.locator("[data-export]").click()
    with open(download.value.path(), encoding="utf-8") as f:
        exported = json.load(f)
    texts = [row.get("text") for row in exported["data"]["interactions"]]
    assert HIKING in texts and exported["interests"]["hidden_topics"]["ads"] == ["159"]
    shot(page, "17-activity-topic-hidden")


def test_the_advertiser_view_shows_campaigns_targeting_and_the_report_chart(page: Any) -> None:
    page.goto("/#/advertiser/trailco")
    panel = page.locator(".adv-panel[data-advertiser='trailco']")
    panel.wait_for()
    assert panel.locator(".campaign").count() >= 3
    assert "Outdoor Activities" in panel.locator(".campaign").first.inner_text()
    assert panel.locator("svg.chart").count() == 1
    assert "fewer than" in panel.locator(".report").inner_text()
    shot(page, "18-advertiser-campaigns-and-report")


def test_the_audit_view_shows_rules_decisions_and_runs_the_simulator(page: Any) -> None:
    open_app(page, "marc", "facebook")
    chat(page, DIABETES)  # leaves a "sensitive" decision in the log
    page.get_by_role("link", name="Audit").click()
    page.wait_for_selector(".policy[data-policy='meta-2025']")
    assert page.locator(".policy [data-rule='sensitive']").count() == 1
    page.wait_for_selector(".decisions tr[data-rule='sensitive']")
    page.get_by_role("button", name="Run scenario").click()
    page.wait_for_selector(".sim-lines li[data-line='q1']")
    assert "sensitive" in page.locator(".sim-lines").inner_text()
    shot(page, "19-audit-policy-decisions-simulator")
    area = page.get_by_label("Scenario JSON")
    area.fill('{"events": [')
    page.get_by_role("button", name="Run scenario").click()
    page.wait_for_selector(".sim-output .error-box")
    assert "not valid JSON" in page.locator(".sim-output").inner_text()
    assert area.input_value() == '{"events": ['
    area.fill('{"events": [{"type": "chat"}]}')
    page.get_by_role("button", name="Run scenario").click()
    page.wait_for_selector(".sim-output .error-box")
    assert area.input_value() == '{"events": [{"type": "chat"}]}'
    shot(page, "20-audit-bad-scenario-error-kept")
