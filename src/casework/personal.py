"""Personal data: 居民身份证号码 (GB 11643-1999) and phone numbers, validated and masked.

Views and exports mask by default (``142301********1234``, ``138****5678``); callers ask for the
clear value explicitly. :func:`mask_text` is the one masking function for free text: every view,
export, report, error message and log line passes what it shows through it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from casework.i18n import tr

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
        return tr(
            "身份证号为 17 位数字加 1 位数字或 X(共 18 位)",
            "an ID number has 17 digits and a final digit or X (18 characters)",
        )
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return tr(
            f"身份证号中的出生日期 {value[6:14]} 不是有效日期",
            f"the birth date {value[6:14]} inside the ID number is not a real date",
        )
    if born.year < 1880 or born > dt.date.today():
        return tr(
            f"身份证号中的出生日期 {born.isoformat()} 不合常理",
            f"the birth date {born.isoformat()} inside the ID number is not plausible",
        )
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return tr(
            f"校验位为 {value[17]},按 GB 11643 应为 {expected}:有数字输错",
            f"the check digit is {value[17]} but GB 11643 gives {expected}: a digit is mistyped",
        )
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
    return tr(
        "电话应为 11 位手机号(1xxxxxxxxxx)或带区号的固定电话,如 0358-7221234",
        "a phone is an 11-digit mobile number (1xxxxxxxxxx) or a landline like 0358-7221234",
    )


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


# -- personal numbers inside free text ---------------------------------------------------------

_SEPARATORS = (
    " \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # spaces, no-break and ideographic
    "\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens, dashes, minus signs
    ".\u00b7\u2027\u30fb\uff0e\uff65\u3002"  # dots, middle dots, ideographic full stop
    "/\uff0f()\uff08\uff09\\[\\]\u3010\u3011"  # slashes and brackets around an area code
)
_RUN = re.compile(
    rf"(?<!\d)(?P<plus>[+\uff0b]\s?)?\d(?:[{_SEPARATORS}]{{0,4}}\d)*[Xx\uff38\uff58]?"
)
"""A run of digits (any script) joined by up to four separators, with an optional ``+``."""
_ID18 = re.compile(r"\d{17}[\dX]", re.ASCII)
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_LANDLINE = re.compile(r"0[1-9]\d{8,10}", re.ASCII)
_NATIONAL = re.compile(r"[1-9]\d{8,10}", re.ASCII)
_LONG_RUN = 11
"""A single group of this many digits or more is masked whatever it is (an account, an ID)."""


def _plausible_birth(digits: str) -> bool:
    """Whether ``digits`` (``YYYYMMDD`` or ``YYMMDD``) is a real date."""
    if len(digits) == 6:
        digits = "19" + digits
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return born.year >= 1880


def _classify(digits: str, plus: bool, sizes: list[int]) -> tuple[int, int, int] | None:
    """``(prefix, keep_head, keep_tail)`` when ``digits`` is a personal number, else ``None``.

    ``sizes`` are the lengths of the groups the digits were written in. One group is judged by
    its length and shape alone; digits spread over several groups must also look like the
    number they would be (an ID number's check digit and birth date, a landline's area code), so
    that dates and amounts written side by side are not taken for one.
    """
    single = len(sizes) == 1
    for prefix in ("0086", "86"):
        rest = digits[len(prefix) :]
        if not digits.startswith(prefix) or (not single and sum(sizes[:1]) < len(prefix)):
            continue
        if _MOBILE.fullmatch(rest):
            return len(prefix), 3, 4
        if (plus or prefix == "0086") and _NATIONAL.fullmatch(rest):
            return len(prefix), 3, 4
    if _MOBILE.fullmatch(digits):
        return 0, 3, 4
    if _ID18.fullmatch(digits):
        if single or (digits[17] == id_check_digit(digits[:17]) and _plausible_birth(digits[6:14])):
            return 0, 6, 4
        return None
    if len(digits) == 15 and digits.isdigit() and (single or _plausible_birth(digits[6:12])):
        return 0, 6, 3
    if _LANDLINE.fullmatch(digits) and (
        single
        or (
            sizes[0] in (3, 4) and digits[sizes[0]] not in "01" and len(digits) - sizes[0] in (7, 8)
        )
    ):
        return 0, 3, 4
    if single and len(digits) >= _LONG_RUN and digits.rstrip("X").isdigit():
        return 0, (6 if len(digits) >= 15 else 3), 4
    return None


_GROUP = re.compile(r"\d+")
_X = "Xx\uff38\uff58"


def _ascii_digits(digits: str) -> str:
    if digits.isascii():
        return digits
    return "".join(str(unicodedata.decimal(char)) for char in digits)


def _mask_run(run: str, plus: bool, spans: list[tuple[int, int]] | None = None) -> str:
    """Mask every personal number inside one run of digits and separators.

    ``spans`` (when given) receives the start and end in ``run`` of each number found.
    """
    groups = [(m.start(), _ascii_digits(m.group(0))) for m in _GROUP.finditer(run)]
    if sum(len(digits) for _, digits in groups) < 10:
        return run
    if run[-1] in _X:  # the run's pattern puts an X only right after its last digit
        groups[-1] = (groups[-1][0], groups[-1][1] + "X")
    masked: list[str] | None = None
    start = 0
    while start < len(groups):
        found: tuple[int, int, int, int] | None = None
        digits = ""
        for end in range(start, len(groups)):
            digits += groups[end][1]
            if len(digits) > 23:
                break
            sizes = [len(group) for _, group in groups[start : end + 1]]
            shape = _classify(digits, plus and start == 0, sizes)
            if shape is not None:
                found = (end, *shape)
        if found is None:
            start += 1
            continue
        end, prefix, head, tail = found
        where = [at + k for at, group in groups[start : end + 1] for k in range(len(group))]
        where = where[prefix:]
        masked = masked or list(run)
        for index in where[head : len(where) - tail]:
            masked[index] = "*"
        if spans is not None:
            spans.append((where[0], where[-1] + 1))
        start = end + 1
    return run if masked is None else "".join(masked)


def mask_text(text: str) -> str:
    """Mask every personal number written anywhere inside free ``text``.

    Found in any written form: digits of any script (``１３８``, ``١٣٨``), groups joined by spaces,
    hyphens, dots or brackets (``138 1234 5678``, ``(0358)722-1234``), a ``+86``/``0086``/``86``
    prefix, inside longer text. Masked: 18- and 15-digit ID numbers (first 6 and last 4 or 3
    kept), mobiles and landlines with an area code (first 3 and last 4 kept), and any single run
    of 11 or more digits. The separators and the kept digits stay as written; each hidden digit
    becomes ``*``. Dates, amounts, case ids and local 7- or 8-digit numbers are left alone.
    """
    if not text or len(text) < 10:
        return text
    return _RUN.sub(_mask_match, text)


def _mask_match(match: re.Match[str]) -> str:
    return _mask_run(match.group(0), match.group("plus") is not None)


def mask_data(value: Any, *, key: str | None = None) -> Any:
    """Return JSON-ready ``value`` with every personal number masked at any depth.

    ``id_number`` and ``phone`` fields are masked by their own rules
    (:func:`mask_id_number`, :func:`mask_phone`); every other text, keys included, by
    :func:`mask_text`.
    """
    if isinstance(value, str):
        if key == "id_number":
            return mask_id_number(value) or None
        if key == "phone":
            return mask_phone(value) or None
        return mask_text(value)
    if isinstance(value, Mapping):
        return {mask_text(str(k)): mask_data(v, key=str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(v) for v in value]
    return value


def find_unmasked(text: str) -> list[str]:
    """Return every clear personal number in ``text`` as written (what :func:`mask_text` hides)."""
    found: list[str] = []
    for match in _RUN.finditer(text):
        run = match.group(0)
        spans: list[tuple[int, int]] = []
        _mask_run(run, match.group("plus") is not None, spans)
        found.extend(run[start:end] for start, end in spans)
    return found
