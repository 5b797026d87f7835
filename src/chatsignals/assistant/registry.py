"""Assistant backends by name: the one dispatch point."""

from __future__ import annotations

from chatsignals.assistant.base import Assistant

BACKENDS = ("offline", "openai")
DEFAULT_BACKEND = "offline"


def create_assistant(
    name: str,
    *,
    base_url: str | None = None,
    model: str | None = None,
    api_key: str | None = None,
    timeout_s: float = 60.0,
) -> Assistant:
    """Build the backend called ``name``.

    - ``offline`` (default): answers from a small built-in knowledge set; no network;
    - ``openai``: any OpenAI-compatible ``/chat/completions`` endpoint; needs ``base_url``
      and ``model``, takes ``api_key`` and ``timeout_s``.
    """
    if name == "offline":
        from chatsignals.assistant.offline import OfflineAssistant

        return OfflineAssistant.builtin()
    if name in ("openai", "openai-compatible"):
        from chatsignals.assistant.openai_compat import OpenAICompatAssistant

        if not base_url or not model:
            raise ValueError("the openai assistant backend needs a base URL and a model")
        return OpenAICompatAssistant(base_url, model, api_key=api_key, timeout_s=timeout_s)
    raise ValueError(f"unknown assistant backend {name!r} (known: {', '.join(BACKENDS)})")
