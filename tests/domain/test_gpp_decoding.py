"""Examples come from the IAB's GPP specification and its reference encoder's tests."""

import pytest

from chatsignals.domain.gpp import (
    BitReader,
    GppError,
    base64url_bits,
    decode_gpp,
    decode_usca,
    decode_usnat,
)

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def encode_bits(bits: str) -> str:
    bits += "0" * (-len(bits) % 6)
    return "".join(ALPHABET[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6))


@pytest.mark.parametrize(
    ("header", "ids"),
    [
        ("DBABM", (2,)),  # spec header example 1: EU TCF v2
        ("DBACNY", (2, 6)),  # example 2: EU TCF v2 and US Privacy
        ("DBABjw", (5, 6)),  # example 3: a Fibonacci range 5..6
        ("DBABLA", (7,)),  # US National alone
    ],
)
def test_header_examples_from_the_spec_decode_to_their_section_ids(
    header: str, ids: tuple[int, ...]
) -> None:
    reader = BitReader(base64url_bits(header))
    assert (reader.read_int(6), reader.read_int(6)) == (3, 1)
    assert reader.read_fibonacci_range() == ids


def test_full_spec_string_splits_into_its_sections() -> None:
    gpp = decode_gpp("DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN")
    assert gpp.section_ids == (2, 6)
    assert gpp.section(6) == "1YNN" and gpp.section(7) is None


def test_fibonacci_codes_from_the_spec_table() -> None:
    for bits, value in [
        ("11", 1),
        ("011", 2),
        ("0011", 3),
        ("1011", 4),
        ("00011", 5),
        ("01011", 7),
    ]:
        assert BitReader(bits).read_fibonacci() == value


def test_fibonacci_range_example_from_the_spec() -> None:
    bits = "000000000010" + "0" + "0011" + "1" + "011" + "0011"
    assert BitReader(bits).read_fibonacci_range() == (3, 5, 6, 7, 8)


def test_usnat_reference_example_with_every_field_set() -> None:
    usnat = decode_usnat("BbbbGxsbFbA.YA")
    assert usnat.version == 1
    assert (usnat.sharing_notice, usnat.sale_opt_out_notice, usnat.sharing_opt_out_notice) == (
        1,
        2,
        3,
    )
    assert (usnat.sale_opt_out, usnat.sharing_opt_out, usnat.targeted_advertising_opt_out) == (
        1,
        2,
        3,
    )
    assert usnat.sensitive_data_processing == (0, 1, 2, 3) * 3
    assert usnat.known_child_sensitive_data_consents == (0, 1)
    assert (usnat.personal_data_consents, usnat.mspa_covered_transaction) == (1, 1)
    assert (usnat.mspa_opt_out_option_mode, usnat.mspa_service_provider_mode) == (2, 3)
    assert usnat.gpc is True


def test_usnat_reference_example_of_a_full_opt_out() -> None:
    usnat = decode_usnat("BVQVAAAAAUA.YA")
    assert usnat.targeted_advertising_opt_out == 1
    assert usnat.sale_opt_out == 1 and usnat.sharing_opt_out == 1


def test_usnat_without_a_gpc_segment_reports_gpc_unknown() -> None:
    assert decode_usnat("BbbbGxsbFbA").gpc is None


def test_a_real_bid_request_string_that_did_not_opt_out() -> None:
    gpp = decode_gpp("DBABLA~BVQqAAAAAAJY.QA")
    usnat = decode_usnat(gpp.section(7) or "")
    assert usnat.targeted_advertising_opt_out == 2 and usnat.gpc is False


def test_usca_sharing_opt_out_is_read() -> None:
    core = encode_bits("000001" + "01" + "01" + "00" + "10" + "01" + "0" * 40)
    usca = decode_usca(core + "." + encode_bits("01" + "0"))
    assert (usca.version, usca.sale_opt_out, usca.sharing_opt_out, usca.gpc) == (1, 2, 1, False)


def test_malformed_strings_raise_gpp_errors() -> None:
    with pytest.raises(GppError):
        decode_gpp("DBABLA")  # lists a section it does not carry
    with pytest.raises(GppError):
        decode_gpp("AAAA~x")  # wrong header type
    with pytest.raises(GppError):
        decode_usnat("B!")
    with pytest.raises(GppError):
        decode_usnat("BV")  # too short
    with pytest.raises(GppError):
        decode_usnat("DVQVAAAAAUA")  # version 3 is unknown
