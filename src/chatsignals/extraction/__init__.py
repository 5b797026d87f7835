"""Turning text into scored taxonomy interests and sensitive flags.

Backends implement :class:`~chatsignals.extraction.base.Extractor` and are chosen by
name through :func:`~chatsignals.extraction.registry.create_extractor`.
"""
