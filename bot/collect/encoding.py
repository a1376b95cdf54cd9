"""Bytes to text when the labels lie.

News sites declare encodings wrongly or not at all: a Ukrainian feed in windows-1251 with no XML
declaration, a server that stamps `charset=iso-8859-1` on everything, a UTF-8 page that says cp1251.
The order of trust, from evidence to hearsay:

1. a byte-order mark, or the NUL pattern of UTF-16/32 text;
2. the bytes being UTF-8: valid, or valid but for a stray byte per eight or more good multi-byte characters
   (for real text with non-ASCII letters this is never an accident);
3. a declared charset (HTTP header first, then the document's own) that Python knows, unless it is clearly
   wrong: more bad byte sequences than a few, than one per eight good non-ASCII characters and than one per
   500 characters (cp1251 bytes declared UTF-8), or, for a legacy charset, a mess by charset-normalizer's
   measure (latin-1 over Cyrillic bytes is a mess; cp1251 is not);
4. charset-normalizer's detection, for documents that declare nothing usable.

Bad bytes in an honoured encoding become U+FFFD: one stray byte must not turn a whole feed into mojibake.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_MESS_LIMIT = 0.2  # charset-normalizer's own default threshold for "this decoding is chaos"
_MESS_SAMPLE = 100_000  # characters; enough to judge, cheap on multi-megabyte pages
# A declaration survives this many bad byte sequences whatever the text (an English page with five stray bytes),
# more in long texts and in texts with many good non-ASCII characters: one per so many characters of either.
_FEW_BAD = 8
_GOOD_PER_BAD = 8
_CHARS_PER_BAD = 500
_REPLACEMENT = "\ufffd"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# How "<?" (or any first ASCII character) looks in BOM-less UTF-16/32.
_NUL_PATTERNS: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"^[^\x00]\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"^\x00\x00\x00[^\x00]"), "utf-32-be"),
    (re.compile(rb"^[^\x00]\x00[^\x00]\x00"), "utf-16-le"),
    (re.compile(rb"^\x00[^\x00]\x00[^\x00]"), "utf-16-be"),
)
_XML_PROLOG = re.compile(r"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE)
_XML_PROLOG_BYTES = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)
# Characters XML 1.0 forbids, raw or as numeric references (a lone surrogate reference crashes
# feedparser's fallback parser outright). Double-escaped references (&amp;#...;) end up in HTML fields.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHAR_REF = re.compile(r"&(?:amp;)?#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_HTML_META_BYTES = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec actually used, by its Python name
    how: str  # "bom", "utf-8", "declared", "detected" or "fallback": for logs and tests


def codec_name(label: str | None) -> str | None:
    """Python's name for an encoding label, or None when the label is empty or unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


@dataclass(frozen=True, slots=True)
class _Attempt:
    """`body` decoded by `codec` with bad byte sequences replaced, and how many there were."""

    codec: str
    text: str
    bad: int  # byte sequences the codec could not decode
    good: int  # non-ASCII characters it could

    @classmethod
    def of(cls, body: bytes, codec: str) -> _Attempt | None:
        """None for a codec that is no text encoding (base64) or cannot replace what it cannot decode (idna)."""
        try:
            text = body.decode(codec, errors="replace")
        except (LookupError, UnicodeError):
            return None
        try:  # a U+FFFD the document really contains is not damage
            genuine = body.count(_REPLACEMENT.encode(codec))
        except UnicodeError:
            genuine = 0
        replaced = text.count(_REPLACEMENT)
        non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
        return cls(codec, text, max(0, replaced - genuine), non_ascii - replaced)

    def plausible(self) -> bool:
        """Not clearly the wrong codec: few bad sequences, and (for legacy charsets, which decode almost any
        byte to something) not a mess."""
        if self.bad > max(_FEW_BAD, self.good // _GOOD_PER_BAD, len(self.text) // _CHARS_PER_BAD):
            return False
        if self.codec == "utf-8":
            return True
        sample = self.text[:_MESS_SAMPLE].replace(_REPLACEMENT, "")
        return mess_ratio(sample, _MESS_LIMIT) < _MESS_LIMIT


def decode_text(body: bytes, declared: Iterable[str | None] = ()) -> Decoded:
    """Decode `body`, consulting the `declared` labels (most trusted first) as described in the module doc."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(name, errors="replace"), name, "bom")
    for pattern, name in _NUL_PATTERNS:
        if pattern.match(body):
            return Decoded(body.decode(name, errors="replace"), name, "bom")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    utf8 = _Attempt.of(body, "utf-8")
    assert utf8 is not None
    if utf8.bad <= utf8.good // _GOOD_PER_BAD:
        return Decoded(utf8.text, "utf-8", "utf-8")
    for label in declared:
        codec = codec_name(label)
        if codec is None or codec.startswith(("utf-16", "utf-32")):  # BOM-less UTF-16/32 was recognised above
            continue
        codec = "utf-8" if codec == "utf-8-sig" else codec  # its BOM would have been recognised above
        attempt = utf8 if codec == "utf-8" else _Attempt.of(body, codec)
        if attempt is not None and attempt.plausible():
            return Decoded(attempt.text, codec, "declared")
    best = from_bytes(body).best()
    if best is not None:
        return Decoded(str(best), codec_name(best.encoding) or best.encoding, "detected")
    return Decoded(utf8.text, "utf-8", "fallback")


def xml_declared_encoding(body: bytes) -> str | None:
    match = _XML_PROLOG_BYTES.match(body)
    return match.group(1).decode("ascii") if match else None


def html_declared_encoding(body: bytes) -> str | None:
    match = _HTML_META_BYTES.search(body[:8192])
    return match.group(1).decode("ascii") if match else None


def _is_xml_char(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _legal_ref(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return match.group(0) if _is_xml_char(code) else "\ufffd"


def xml_safe(text: str) -> str:
    """`text` without the characters (raw or referenced) that XML forbids; each becomes U+FFFD or goes."""
    if "&" in text:
        text = _CHAR_REF.sub(_legal_ref, text)
    return _XML_ILLEGAL.sub("", text)


def feed_to_utf8(body: bytes, http_charset: str | None) -> tuple[bytes, Decoded]:
    """The feed re-encoded as UTF-8 with its XML declaration saying so, ready for a parser that would
    otherwise believe the original (possibly wrong) declaration."""
    decoded = decode_text(body, (http_charset, xml_declared_encoding(body)))
    text = _XML_PROLOG.sub(r"\1\2utf-8\2", xml_safe(decoded.text.lstrip("\ufeff")), count=1)
    return text.encode("utf-8"), decoded


def decode_html(body: bytes, http_charset: str | None) -> str:
    return decode_text(body, (http_charset, html_declared_encoding(body))).text
