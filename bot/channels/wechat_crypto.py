"""WeChat Official Account / WeCom callback signatures and message encryption (WXBizMsgCrypt)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .wechat_xml import cdata

BLOCK = 32  # WeChat pads to 32 bytes (PKCS#7 with a 32-byte block), not AES's 16
_RANDOM_LEN = 16
_HEADER_LEN = _RANDOM_LEN + 4  # random prefix + big-endian uint32 message length


class CryptoError(ValueError):
    """A ciphertext that does not decrypt to a valid message for this account."""


def signature(token: str, timestamp: str, nonce: str, *extra: str) -> str:
    """sha1 of the sorted, joined parts; pass the Encrypt value as ``extra`` for msg_signature."""
    return hashlib.sha1("".join(sorted((token, timestamp, nonce, *extra))).encode()).hexdigest()


def check_signature(expected: str, token: str, timestamp: str, nonce: str, *extra: str) -> bool:
    if not isinstance(expected, str):
        return False
    # Compare bytes: compare_digest raises TypeError on non-ASCII str from a hostile query.
    actual = signature(token, timestamp, nonce, *extra)
    return hmac.compare_digest(expected.encode(), actual.encode())


# Unix seconds have 10 digits until the year 2286; more digits are not a time.
MAX_TIMESTAMP_DIGITS = 12


def is_fresh(timestamp: str, now: float, window: int) -> bool:
    """True when ``timestamp`` (unix seconds, ASCII digits only) is within ``window`` of now."""
    if not (isinstance(timestamp, str) and timestamp.isascii() and timestamp.isdigit()):
        return False
    if len(timestamp) > MAX_TIMESTAMP_DIGITS:  # checked first: a huge int cannot become a float
        return False
    return abs(now - int(timestamp)) <= window


class WeChatCrypto:
    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        if len(encoding_aes_key) != 43:
            raise ValueError(f"EncodingAESKey must be 43 characters, got {len(encoding_aes_key)}")
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("EncodingAESKey is not valid base64") from None
        self.token = token
        self._key = key
        self._receive_id = receive_id.encode()

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))

    def encrypt(self, plaintext: str, random16: bytes | None = None) -> str:
        """Encrypt ``plaintext``; ``random16`` fixes the random prefix for deterministic tests."""
        prefix = secrets.token_bytes(_RANDOM_LEN) if random16 is None else random16
        if len(prefix) != _RANDOM_LEN:
            raise ValueError("random16 must be exactly 16 bytes")
        msg = plaintext.encode()
        data = prefix + struct.pack(">I", len(msg)) + msg + self._receive_id
        pad = BLOCK - len(data) % BLOCK
        data += bytes([pad]) * pad
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()

    def decrypt(self, encrypt_b64: str) -> str:
        """Decrypt an ``<Encrypt>`` value or WeCom echostr; raises only CryptoError.

        CBC has no integrity: check the msg_signature before calling this.
        """
        try:
            raw = base64.b64decode(encrypt_b64, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise CryptoError("ciphertext is not valid base64") from None
        if not raw or len(raw) % BLOCK:
            raise CryptoError("ciphertext length is not a positive multiple of 32")
        decryptor = self._cipher().decryptor()
        data = decryptor.update(raw) + decryptor.finalize()

        pad = data[-1]
        if not 1 <= pad <= BLOCK or data[-pad:] != bytes([pad]) * pad:
            raise CryptoError("bad padding")
        data = data[:-pad]
        if len(data) < _HEADER_LEN:
            raise CryptoError("plaintext too short")
        (msg_len,) = struct.unpack(">I", data[_RANDOM_LEN:_HEADER_LEN])
        end = _HEADER_LEN + msg_len
        if end > len(data):
            raise CryptoError("message length out of range")
        if data[end:] != self._receive_id:
            raise CryptoError("receive id mismatch")
        try:
            return data[_HEADER_LEN:end].decode()
        except UnicodeDecodeError:
            raise CryptoError("message is not valid UTF-8") from None

    def encrypt_reply(
        self, xml: str, timestamp: str, nonce: str, *, random16: bytes | None = None
    ) -> str:
        """The encrypted passive-reply envelope for ``xml``, signed with this account's token."""
        # TimeStamp is written outside CDATA, so it must not carry markup; the nonce must
        # survive cdata() unchanged or the signature would not match what is sent.
        if not (timestamp.isascii() and timestamp.isdigit()):
            raise ValueError("timestamp must be decimal digits")
        if not (nonce.isascii() and nonce.isprintable()):
            raise ValueError("nonce must be printable ASCII")
        encrypted = self.encrypt(xml, random16)
        msg_signature = signature(self.token, timestamp, nonce, encrypted)
        return (
            f"<xml><Encrypt>{cdata(encrypted)}</Encrypt>"
            f"<MsgSignature>{cdata(msg_signature)}</MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp>"
            f"<Nonce>{cdata(nonce)}</Nonce></xml>"
        )
