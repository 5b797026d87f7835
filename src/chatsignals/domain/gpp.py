"""A minimal decoder for IAB Global Privacy Platform (GPP) strings.

Implements the parts needed to honour US opt-outs before emitting interest segments:

- the header (GPP Consent String Specification v1): base64url characters of 6 bits
  each; Type int(6) = 3, Version int(6), then the section ids as a Fibonacci range
  (int(12) count; per item a 1-bit "is range" flag, a Fibonacci-coded offset from the
  last id, and for a range a Fibonacci-coded length);
- section 7, US National ("usnat", versions 1 and 2): the core segment's notices,
  opt-outs and MSPA fields, plus the optional GPC sub-segment;
- section 8, US California ("usca"): the notices and sale / sharing opt-outs, plus GPC.

Sections are separated by "~" and sub-segments by ".".
"""

from __future__ import annotations

from dataclasses import dataclass

from chatsignals.domain.errors import DomainError

HEADER_TYPE = 3
SECTION_US_NATIONAL = 7
SECTION_US_CALIFORNIA = 8
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
# usnat core: (SensitiveDataProcessing count, KnownChildSensitiveDataConsents count) per version
_USNAT_LAYOUT = {1: (12, 2), 2: (16, 3)}


class GppError(DomainError):
    """The string is not a well-formed GPP string (or section)."""


def base64url_bits(text: str) -> str:
    """The bit string of GPP's web-safe base64 (6 bits a character, no padding)."""
    try:
        return "".join(format(_VALUE[c], "06b") for c in text)
    except KeyError as exc:
        raise GppError(f"invalid character {exc.args[0]!r} in GPP segment") from None


class BitReader:
    def __init__(self, bits: str) -> None:
        self.bits = bits
        self.pos = 0

    def read_int(self, width: int) -> int:
        end = self.pos + width
        if end > len(self.bits):
            raise GppError("GPP segment is shorter than its fields")
        value = int(self.bits[self.pos : end], 2)
        self.pos = end
        return value

    def read_bool(self) -> bool:
        return self.read_int(1) == 1

    def read_fibonacci(self) -> int:
        """One Fibonacci-coded integer (bits for 1, 2, 3, 5, 8, ... ending in "11")."""
        a, b = 1, 2
        value = 0
        previous = False
        while True:
            bit = self.read_bool()
            if bit and previous:
                return value
            if bit:
                value += a
            previous = bit
            a, b = b, a + b

    def read_fibonacci_range(self) -> tuple[int, ...]:
        count = self.read_int(12)
        ids: list[int] = []
        last = 0
        for _ in range(count):
            is_range = self.read_bool()
            start = last + self.read_fibonacci()
            if is_range:
                end = start + self.read_fibonacci()
                ids.extend(range(start, end + 1))
                last = end
            else:
                ids.append(start)
                last = start
        return tuple(ids)


@dataclass(frozen=True, slots=True)
class GppString:
    version: int
    section_ids: tuple[int, ...]
    sections: tuple[str, ...]  # encoded, in the order of ``section_ids``

    def section(self, section_id: int) -> str | None:
        for sid, encoded in zip(self.section_ids, self.sections, strict=True):
            if sid == section_id:
                return encoded
        return None


def decode_gpp(text: str) -> GppString:
    parts = text.strip().split("~")
    reader = BitReader(base64url_bits(parts[0]))
    if reader.read_int(6) != HEADER_TYPE:
        raise GppError("GPP header must start with type 3")
    version = reader.read_int(6)
    ids = reader.read_fibonacci_range()
    if len(ids) != len(parts) - 1:
        raise GppError(
            f"GPP header lists {len(ids)} sections but the string holds {len(parts) - 1}"
        )
    return GppString(version, ids, tuple(parts[1:]))


def _gpc(segments: list[str]) -> bool | None:
    for segment in segments:
        reader = BitReader(base64url_bits(segment))
        if reader.read_int(2) == 1:  # sub-section type 1: GPC
            return reader.read_bool()
    return None


@dataclass(frozen=True, slots=True)
class UsNational:
    """Section 7. Opt-outs: 0 not applicable, 1 opted out, 2 did not opt out."""

    version: int
    sharing_notice: int
    sale_opt_out_notice: int
    sharing_opt_out_notice: int
    targeted_advertising_opt_out_notice: int
    sensitive_data_processing_opt_out_notice: int
    sensitive_data_limit_use_notice: int
    sale_opt_out: int
    sharing_opt_out: int
    targeted_advertising_opt_out: int
    sensitive_data_processing: tuple[int, ...]
    known_child_sensitive_data_consents: tuple[int, ...]
    personal_data_consents: int
    mspa_covered_transaction: int
    mspa_opt_out_option_mode: int
    mspa_service_provider_mode: int
    gpc: bool | None


def decode_usnat(section: str) -> UsNational:
    core, *rest = section.split(".")
    reader = BitReader(base64url_bits(core))
    version = reader.read_int(6)
    if version not in _USNAT_LAYOUT:
        raise GppError(f"unsupported US National section version {version}")
    n_sensitive, n_child = _USNAT_LAYOUT[version]
    r = reader.read_int
    return UsNational(
        version=version,
        sharing_notice=r(2),
        sale_opt_out_notice=r(2),
        sharing_opt_out_notice=r(2),
        targeted_advertising_opt_out_notice=r(2),
        sensitive_data_processing_opt_out_notice=r(2),
        sensitive_data_limit_use_notice=r(2),
        sale_opt_out=r(2),
        sharing_opt_out=r(2),
        targeted_advertising_opt_out=r(2),
        sensitive_data_processing=tuple(r(2) for _ in range(n_sensitive)),
        known_child_sensitive_data_consents=tuple(r(2) for _ in range(n_child)),
        personal_data_consents=r(2),
        mspa_covered_transaction=r(2),
        mspa_opt_out_option_mode=r(2),
        mspa_service_provider_mode=r(2),
        gpc=_gpc(rest),
    )


@dataclass(frozen=True, slots=True)
class UsCalifornia:
    """Section 8 (the fields before the sensitive-data bitfield)."""

    version: int
    sale_opt_out_notice: int
    sharing_opt_out_notice: int
    sensitive_data_limit_use_notice: int
    sale_opt_out: int
    sharing_opt_out: int
    gpc: bool | None


def decode_usca(section: str) -> UsCalifornia:
    core, *rest = section.split(".")
    reader = BitReader(base64url_bits(core))
    r = reader.read_int
    return UsCalifornia(
        version=r(6),
        sale_opt_out_notice=r(2),
        sharing_opt_out_notice=r(2),
        sensitive_data_limit_use_notice=r(2),
        sale_opt_out=r(2),
        sharing_opt_out=r(2),
        gpc=_gpc(rest),
    )
