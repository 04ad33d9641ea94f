"""Teacher accounts: argon2 password hashes, and the rules for names and passwords."""

from __future__ import annotations

import asyncio
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..store import Account, Store, now

MIN_PASSWORD = 8
MAX_PASSWORD = 200
USERNAME = re.compile(r"^[^\s/\\<>\"'&]{1,32}$")

_hasher = PasswordHasher()
# Verified against when the username does not exist, so a wrong name costs as long as a
# wrong password and response times do not tell which names exist.
_DUMMY_HASH = _hasher.hash("not-a-teacher-password")


class AccountError(Exception):
    """A refused account change; the message says why, in Chinese."""


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise AccountError("用户名要 1-32 个字，不能有空格和 / \\ < > \" ' & 这些符号。")
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码太短了，至少要 {MIN_PASSWORD} 个字符。")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"密码太长了，最多 {MAX_PASSWORD} 个字符。")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


async def add(store: Store, username: str, password: str) -> None:
    hashed = await asyncio.to_thread(hash_password, password)
    if not await store.insert_account(check_username(username), hashed, now()):
        raise AccountError(f"教师账号「{username}」已经有了。")


async def change_password(store: Store, username: str, password: str) -> None:
    hashed = await asyncio.to_thread(hash_password, password)
    if not await store.update_password(username, hashed):
        raise AccountError(f"没有叫「{username}」的教师账号。")


async def remove(store: Store, username: str) -> None:
    if not await store.delete_account(username):
        raise AccountError(f"没有叫「{username}」的教师账号。")


async def listing(store: Store) -> list[Account]:
    return await store.accounts()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def authenticate(store: Store, username: str, password: str) -> Account | None:
    """The account when the password is right; argon2 runs off the event loop (it is slow)."""
    found = await store.account(username)
    ok = await asyncio.to_thread(_verify, found.password_hash if found else _DUMMY_HASH, password)
    return found if found and ok else None
