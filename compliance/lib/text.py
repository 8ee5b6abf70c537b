"""Japanese text normalisation shared by search, matching and the catalog."""

from __future__ import annotations

import unicodedata

_SMALL_KANA = str.maketrans(
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", "あいうえおつやゆよわアイウエオツヤユヨワカケ"
)


def normalize(text: str) -> str:
    """NFKC (full/half width), casefold, hiragana folded to katakana, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    out = []
    for ch in text:
        code = ord(ch)
        if 0x3041 <= code <= 0x3096:  # hiragana → katakana so かな/カナ variants match
            ch = chr(code + 0x60)
        out.append(ch)
    return " ".join("".join(out).split())


def bigrams(text: str) -> list[str]:
    """Character bigrams of the normalised text (unigrams for one-character words)."""
    norm = normalize(text).replace(" ", "")
    if len(norm) < 2:
        return [norm] if norm else []
    return sorted({norm[i : i + 2] for i in range(len(norm) - 1)})
