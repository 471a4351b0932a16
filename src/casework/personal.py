"""Personal data: 居民身份证号码 (GB 11643-1999) and phone numbers, validated and masked.

Views and exports mask by default (``142301********1234``, ``138****5678``); callers ask for the
clear value explicitly.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$", re.ASCII)


def id_check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@functools.lru_cache(maxsize=65536)
def id_number_problem(value: str) -> str | None:
    """Return what is wrong with an 18-digit ID number, or ``None`` when it is valid."""
    if not _ID_RE.match(value):
        return "an ID number has 17 digits and a final digit or X (18 characters)"
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"the birth date {value[6:14]} inside the ID number is not a real date"
    if born.year < 1880 or born > dt.date.today():
        return f"the birth date {born.isoformat()} inside the ID number is not plausible"
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return f"the check digit is {value[17]} but GB 11643 gives {expected}: a digit is mistyped"
    return None


@functools.lru_cache(maxsize=65536)
def normalize_id_number(value: str) -> str:
    """Fold full-width characters (NFKC), strip spaces and upper-case a trailing x."""
    return unicodedata.normalize("NFKC", value).strip().replace(" ", "").upper()


def birth_date_of(id_number: str) -> dt.date | None:
    """Return the birth date encoded in a valid ID number."""
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return None


@functools.lru_cache(maxsize=65536)
def phone_problem(value: str) -> str | None:
    """Return what is wrong with a phone number, or ``None`` when it is valid."""
    if _MOBILE_RE.match(value) or _LANDLINE_RE.match(value):
        return None
    return "a phone is an 11-digit mobile number (1xxxxxxxxxx) or a landline like 0358-7221234"


@functools.lru_cache(maxsize=65536)
def normalize_phone(value: str) -> str:
    """Remove spaces and a leading +86 / 0086 country code."""
    cleaned = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    for prefix in ("+86", "0086"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :].lstrip("-")
    return cleaned


def mask_id_number(value: str | None) -> str:
    """Mask an ID number to its region (6) and last 4 characters: ``142301********1234``."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """Mask a phone number to its first 3 and last 4 digits: ``138****5678``."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


SENSITIVE_PATTERNS = (
    re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])"),
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
)


def find_unmasked(text: str) -> list[str]:
    """Return every clear ID or mobile number in ``text`` (for tests of renderers)."""
    found: list[str] = []
    for pattern in SENSITIVE_PATTERNS:
        found.extend(m.group(0) for m in pattern.finditer(text))
    return found
