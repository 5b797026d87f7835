"""Settings: the only module that reads the environment.

Every value has a ``CHATSIGNALS_*`` variable; command-line options override them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

_PREFIX = "CHATSIGNALS_"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("var")
    database_url: str = ""  # empty: SQLite file in data_dir
    policy: str = "meta-2025"
    extractor: str = "embedded"
    half_life_days: float = 30.0
    ingest_mode: str = "inline"  # inline | queue
    host: str = "127.0.0.1"
    port: int = 8000
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    # security (see docs/threat-model.md)
    auth_required: bool = True  # API keys / person tokens on every /v1 route
    encryption: str = "envelope"  # envelope (AES-GCM, per-account data keys) | none
    master_key: str = ""  # base64 of 32 bytes; else master_key_file; else data_dir/master.key
    master_key_file: str = ""
    retired_master_keys: str = ""  # comma-separated base64 keys still accepted for unwrapping
    retention_days: int = 90  # raw message text is purged after this many days
    rate_limit_rps: float = 50.0  # per API key or person token; 0 turns limiting off
    rate_limit_burst: int = 200
    request_timeout_s: float = 30.0  # 0 turns the timeout off
    # ads delivery (see services/ad_runtime.py)
    ads_auction: str = "second-price"  # second-price (GSP) | first-price
    ads_reserve_cpm: float = 0.5  # the least a winner pays per 1,000 impressions
    ads_refresh_seconds: float = 5.0  # reload other processes' campaign and spend changes
    ads_model_save_every: int = 100  # CTR model saved after this many learned events
    # impressions and spend are written this long after serving (services/delivery_log.py);
    # 0 writes them before the answer
    ads_write_behind_ms: float = 50.0
    # threads for the hot requests that read the store: ads, feed, interests, OpenRTB
    # (api/store_threads.py); 0: by store, 1 on SQLite, 4 on PostgreSQL
    store_threads: int = 0
    report_min_people: int = 100  # report cells reaching fewer people are suppressed
    report_noise_epsilon: float = 0.0  # > 0 adds seeded Laplace noise to report cells
    # the assistant that answers chats: offline (built-in notes) | openai (any compatible API)
    assistant_backend: str = "offline"
    assistant_base_url: str = ""
    assistant_model: str = ""
    assistant_api_key: str = ""
    # the browser app's demo mode: hands API keys to pages opened on this machine
    web_demo: bool = False
    access_log: bool = True  # serve: one JSON line per request on standard error

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'chatsignals.sqlite').resolve()}"

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the given non-None values replaced (command-line options)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(_PREFIX + f.name.upper())
            if raw is None:
                continue
            default = getattr(cls, f.name)
            try:
                if isinstance(default, Path):
                    values[f.name] = Path(raw)
                elif isinstance(default, bool):
                    values[f.name] = raw.lower() in ("1", "true", "yes")
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError:
                raise ValueError(
                    f"{_PREFIX}{f.name.upper()}={raw!r} is not a valid value"
                ) from None
        if values.get("ingest_mode", "inline") not in ("inline", "queue"):
            raise ValueError(f"{_PREFIX}INGEST_MODE must be 'inline' or 'queue'")
        if values.get("ads_auction", "second-price") not in ("second-price", "first-price"):
            raise ValueError(f"{_PREFIX}ADS_AUCTION must be 'second-price' or 'first-price'")
        if values.get("encryption", "envelope") not in ("envelope", "none"):
            raise ValueError(f"{_PREFIX}ENCRYPTION must be 'envelope' or 'none'")
        return cls(**values)  # type: ignore[arg-type]
