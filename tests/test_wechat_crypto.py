import base64
import random
import re
import struct
from urllib.parse import parse_qs

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.channels.wechat_crypto import (
    CryptoError,
    WeChatCrypto,
    check_signature,
    is_fresh,
    signature,
)
from bot.channels.wechat_xml import parse_message

from .wechat_vectors import VECTORS

KINDS = {"plain_signature", "decrypt", "encrypt_deterministic", "verify_url"}

KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP_ID = "wx5823bf96d3bd56c7"


def vectors(*kinds: str, having: str = "kind") -> list:
    return [pytest.param(v, id=v["id"]) for v in VECTORS if v["kind"] in kinds and having in v]


ENCRYPTED = vectors("decrypt", "encrypt_deterministic", "verify_url")


def crypto_for(v: dict, receive_id: str | None = None) -> WeChatCrypto:
    rid = v["receive_id"] if receive_id is None else receive_id
    return WeChatCrypto(v["token"], v["encoding_aes_key"], rid)


def raw_encrypt(data: bytes, key: str = KEY) -> str:
    """AES-CBC exactly as WeChat does it, minus the layout and padding, to craft bad inputs."""
    aes_key = base64.b64decode(key + "=")
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(aes_key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def raw_decrypt(encrypt: str, key: str = KEY) -> bytes:
    aes_key = base64.b64decode(key + "=")
    decryptor = Cipher(algorithms.AES(aes_key), modes.CBC(aes_key[:16])).decryptor()
    return decryptor.update(base64.b64decode(encrypt)) + decryptor.finalize()


def layout(msg: bytes, receive_id: bytes = CORP_ID.encode(), length: int | None = None) -> bytes:
    size = len(msg) if length is None else length
    return b"r" * 16 + struct.pack(">I", size) + msg + receive_id


def text_of(n_bytes: int) -> str:
    """Chinese text of exactly ``n_bytes`` UTF-8 bytes."""
    return "焊" * (n_bytes // 3) + "a" * (n_bytes % 3)


def test_every_vector_kind_is_tested():
    assert {v["kind"] for v in VECTORS} == KINDS


@pytest.mark.parametrize("v", vectors("plain_signature"))
def test_plain_url_signature_matches_vector(v):
    assert signature(v["token"], v["timestamp"], v["nonce"]) == v["signature"]
    assert check_signature(v["signature"], v["token"], v["timestamp"], v["nonce"])


@pytest.mark.parametrize("v", vectors(*KINDS, having="msg_signature"))
def test_msg_signature_matches_vector(v):
    parts = (v["token"], v["timestamp"], v["nonce"], v["encrypt"])
    assert signature(*parts) == v["msg_signature"]
    assert check_signature(v["msg_signature"], *parts)


@pytest.mark.parametrize("v", ENCRYPTED)
def test_vector_decrypts_to_expected_plaintext(v):
    assert crypto_for(v).decrypt(v["encrypt"]) == v["expected_plaintext"]


@pytest.mark.parametrize("v", ENCRYPTED)
def test_encrypt_with_the_vectors_random_prefix_reproduces_its_ciphertext(v):
    random16 = v.get("random16", v["random16_in_ciphertext"]).encode()
    assert crypto_for(v).encrypt(v["expected_plaintext"], random16) == v["encrypt"]


@pytest.mark.parametrize("v", vectors("encrypt_deterministic"))
def test_encrypted_reply_envelope_carries_signed_ciphertext(v):
    reply = crypto_for(v).encrypt_reply(
        v["expected_plaintext"], v["timestamp"], v["nonce"], random16=v["random16"].encode()
    )
    assert parse_message(reply.encode()) == {
        "Encrypt": v["encrypt"],
        "MsgSignature": v["msg_signature"],
        "TimeStamp": v["timestamp"],
        "Nonce": v["nonce"],
    }


@pytest.mark.parametrize("v", vectors("encrypt_deterministic", having="expected_reply_xml"))
def test_encrypted_reply_matches_vector_xml(v):
    reply = crypto_for(v).encrypt_reply(
        v["expected_plaintext"], v["timestamp"], v["nonce"], random16=v["random16"].encode()
    )
    assert reply == re.sub(r">\s+<", "><", v["expected_reply_xml"])


@pytest.mark.parametrize("v", vectors("verify_url", having="query_string_raw"))
def test_wecom_echostr_from_the_query_string_verifies_and_decrypts(v):
    query = {k: vs[0] for k, vs in parse_qs(v["query_string_raw"]).items()}
    assert query["echostr"] == v["encrypt"]
    assert check_signature(
        query["msg_signature"], v["token"], query["timestamp"], query["nonce"], query["echostr"]
    )
    assert crypto_for(v).decrypt(query["echostr"]) == v["expected_plaintext"]


@pytest.mark.parametrize("v", ENCRYPTED)
def test_wrong_app_id_is_rejected(v):
    with pytest.raises(CryptoError, match="receive id"):
        crypto_for(v, receive_id="wx0000000000000000").decrypt(v["encrypt"])


@pytest.mark.parametrize("v", ENCRYPTED)
def test_wrong_key_is_rejected(v):
    other = WeChatCrypto(v["token"], "A" * 42 + "E", v["receive_id"])
    with pytest.raises(CryptoError):
        other.decrypt(v["encrypt"])


@pytest.mark.parametrize("n_bytes", [0, 1, 15, 16, 31, 32, 33, 2048, 20000])
@pytest.mark.parametrize("receive_id", [CORP_ID, ""])
def test_chinese_text_round_trips(n_bytes, receive_id):
    crypto = WeChatCrypto("token", KEY, receive_id)
    text = text_of(n_bytes)
    assert len(text.encode()) == n_bytes
    encrypted = crypto.encrypt(text)
    assert len(base64.b64decode(encrypted)) % 32 == 0
    assert crypto.decrypt(encrypted) == text


def test_length_field_counts_utf8_bytes():
    encrypted = WeChatCrypto("token", KEY, CORP_ID).encrypt("中文")
    assert raw_decrypt(encrypted)[16:20] == struct.pack(">I", 6)


def test_message_ending_on_a_block_boundary_gets_a_full_padding_block():
    crypto = WeChatCrypto("token", KEY, CORP_ID)
    text = text_of(64 - 16 - 4 - len(CORP_ID))
    encrypted = crypto.encrypt(text)
    assert raw_decrypt(encrypted)[-32:] == bytes([32]) * 32
    assert crypto.decrypt(encrypted) == text


def test_random_prefix_makes_each_encryption_different():
    crypto = WeChatCrypto("token", KEY, CORP_ID)
    first, second = crypto.encrypt("你好"), crypto.encrypt("你好")
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "你好"


def test_random_prefix_must_be_16_bytes():
    with pytest.raises(ValueError, match="16 bytes"):
        WeChatCrypto("token", KEY, CORP_ID).encrypt("hi", b"short")


def flip(encrypt: str, index: int, mask: int = 0x01) -> str:
    raw = bytearray(base64.b64decode(encrypt))
    raw[index] ^= mask
    return base64.b64encode(bytes(raw)).decode()


WECOM_DOC = next(v for v in VECTORS if v["id"] == "wecom_doc_90968_decrypt")


@pytest.mark.parametrize(
    ("index", "mask", "reason"),
    [
        (0, 0x01, "length out of range"),  # flips the length field's high byte
        (-33, 0x80, "bad padding"),  # flips the last plaintext byte, the pad value
        (-1, 0x01, "bad padding"),  # garbles the whole last block
    ],
    ids=["length-field", "pad-value", "last-block"],
)
def test_tampered_ciphertext_is_rejected_by_decrypt(index, mask, reason):
    with pytest.raises(CryptoError, match=reason):
        crypto_for(WECOM_DOC).decrypt(flip(WECOM_DOC["encrypt"], index, mask))


@pytest.mark.parametrize("index", [0, 16, 40, -33, -1])
def test_tampered_ciphertext_fails_the_signature_check(index):
    v = WECOM_DOC
    tampered = flip(v["encrypt"], index)
    assert not check_signature(v["msg_signature"], v["token"], v["timestamp"], v["nonce"], tampered)


def test_bit_flip_inside_the_message_decrypts_so_the_signature_must_be_checked_first():
    # CBC has no integrity: flipping ciphertext byte 4 only garbles the random prefix and
    # flips plaintext byte 20, the message's first character ("<" becomes "=").
    v = WECOM_DOC
    assert crypto_for(v).decrypt(flip(v["encrypt"], 4)) == "=" + v["expected_plaintext"][1:]


def padded(data: bytes, tail: bytes) -> bytes:
    assert (len(data) + len(tail)) % 32 == 0
    return data + tail


BODY = layout(b"hi")  # 16 + 4 + 2 + 18 = 40 bytes, so 24 bytes of padding to 64


@pytest.mark.parametrize(
    "tail",
    [
        bytes([0]) * 24,
        bytes([33]) * 24,
        bytes([24]) * 23 + bytes([23]),
        bytes([23]) + bytes([24]) * 23,
        bytes([200]) * 24,
    ],
    ids=["zero", "over-32", "last-differs", "first-differs", "huge"],
)
def test_bad_padding_is_rejected(tail):
    with pytest.raises(CryptoError, match="bad padding"):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(raw_encrypt(padded(BODY, tail)))


def test_padding_shorter_than_needed_leaves_bytes_after_the_receive_id():
    tail = bytes([7]) * 23 + bytes([1])
    with pytest.raises(CryptoError, match="receive id"):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(raw_encrypt(padded(BODY, tail)))


@pytest.mark.parametrize(
    "encrypt",
    ["!!!!", "abc", "YWJj ZGVm", "YWJj\nZGVm", "中文密文", "====", "A" * 43],
    ids=["symbols", "no-padding", "space", "newline", "non-ascii", "only-pad", "missing-pad"],
)
def test_bad_base64_is_rejected(encrypt):
    with pytest.raises(CryptoError):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(encrypt)


@pytest.mark.parametrize(
    "encrypt",
    [
        "",
        base64.b64encode(bytes(16)).decode(),  # one AES block, not one WeChat block
        base64.b64encode(bytes(31)).decode(),
        base64.b64encode(bytes(48)).decode(),
    ],
    ids=["empty", "16-bytes", "31-bytes", "48-bytes"],
)
def test_input_not_in_whole_32_byte_blocks_is_rejected(encrypt):
    with pytest.raises(CryptoError, match="multiple of 32"):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(encrypt)


@pytest.mark.parametrize(
    "data",
    [bytes([32]) * 32, b"r" * 19 + bytes([13]) * 13],
    ids=["padding-only", "no-room-for-length"],
)
def test_plaintext_shorter_than_its_header_is_rejected(data):
    with pytest.raises(CryptoError, match="too short"):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(raw_encrypt(data))


def test_length_field_beyond_the_plaintext_is_rejected():
    data = padded(layout(b"hi", length=1000), bytes([24]) * 24)
    with pytest.raises(CryptoError, match="length out of range"):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(raw_encrypt(data))


def test_message_that_is_not_utf8_is_rejected():
    data = padded(layout(b"\xff\xfe"), bytes([24]) * 24)
    with pytest.raises(CryptoError, match="UTF-8"):
        WeChatCrypto("token", KEY, CORP_ID).decrypt(raw_encrypt(data))


def test_random_input_raises_only_crypto_error():
    crypto = WeChatCrypto("token", KEY, CORP_ID)
    rng = random.Random(0)
    for size in [*range(100), *[32 * rng.randint(1, 20) for _ in range(200)]]:
        encrypt = base64.b64encode(rng.randbytes(size)).decode()
        with pytest.raises(CryptoError):
            crypto.decrypt(encrypt)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "43 characters"),
        (KEY[:42], "43 characters"),
        (KEY + "=", "43 characters"),
        (KEY[:42] + "!", "not valid base64"),
        (KEY[:42] + "中", "not valid base64"),
    ],
    ids=["empty", "42-chars", "44-chars", "bad-char", "non-ascii"],
)
def test_wrong_key_length_or_alphabet_is_refused_at_construction(key, reason):
    with pytest.raises(ValueError, match=reason):
        WeChatCrypto("token", key, CORP_ID)


def test_signature_does_not_depend_on_argument_order():
    assert signature("b", "c", "a") == signature("a", "b", "c") == signature("c", "a", "b")


@pytest.mark.parametrize(
    "expected",
    ["", "0" * 40, "F21891DE399B4E33A1A93C9A7B8A8FFFB5A443FF", "签名" * 20],
    ids=["empty", "zeros", "upper-case", "non-ascii"],
)
def test_wrong_signature_is_rejected(expected):
    assert not check_signature(expected, "test", "1410685589", "test")


def test_extra_part_changes_the_signature():
    assert signature("t", "1", "n", "enc") != signature("t", "1", "n")


@pytest.mark.parametrize(
    ("timestamp", "fresh"),
    [
        ("1000", True),
        ("700", True),
        ("1300", True),
        ("699", False),
        ("1301", False),
        ("", False),
        ("abc", False),
        ("-5", False),
        ("1e3", False),
        (" 1000", False),
        ("１０００", False),
    ],
)
def test_timestamp_freshness(timestamp, fresh):
    assert is_fresh(timestamp, now=1000.0, window=300) is fresh


@pytest.mark.parametrize(
    ("timestamp", "nonce"),
    [("12<3", "n"), ("", "n"), ("123", "a\nb"), ("123", "随机")],
)
def test_encrypted_reply_refuses_markup_in_timestamp_or_nonce(timestamp, nonce):
    with pytest.raises(ValueError):
        WeChatCrypto("token", KEY, CORP_ID).encrypt_reply("<xml/>", timestamp, nonce)


def test_encrypted_reply_decrypts_back_to_the_reply():
    crypto = WeChatCrypto("token", KEY, CORP_ID)
    reply = "<xml><Content><![CDATA[你好]]></Content></xml>"
    envelope = parse_message(crypto.encrypt_reply(reply, "1700000000", "nonce").encode())
    assert check_signature(
        envelope["MsgSignature"], "token", "1700000000", "nonce", envelope["Encrypt"]
    )
    assert crypto.decrypt(envelope["Encrypt"]) == reply
