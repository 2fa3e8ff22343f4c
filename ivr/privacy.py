"""Masking of phone, ID-card and bank-card numbers in transcripts and exports.

The standard requires stored conversations to be de-identified. Vosk writes numbers as Chinese
digit characters, one word per few digits ("一三八 一二三四 五六七八"), so a number is any run of
digits, Arabic or Chinese, across spaces and dashes. Runs shorter than seven digits (prices,
dates, "三个工作日") are left alone; longer runs are masked, keeping only what staff need to tell
numbers apart: the first three and last four digits of a mobile number, the last four otherwise.
"""

from __future__ import annotations

import re

from ivr.transcript import Transcript, Utterance

# 幺 is how a "1" is read out in phone numbers; 〇 and 零 are both zero.
CHINESE_DIGITS = "零〇一二三四五六七八九幺两"
DIGIT = rf"[0-9０-９{CHINESE_DIGITS}]"
# An ID card number may end in X, which Vosk may also write as 叉.
_RUN = re.compile(rf"{DIGIT}(?:[\s\-]*{DIGIT})*(?:[\s\-]*[xX叉])?")
MIN_DIGITS = 7
MASK = "*"


def _is_digit(char: str) -> bool:
    return char.isdigit() or char in CHINESE_DIGITS or char in "xX叉"


def _mask_run(match: re.Match[str]) -> str:
    run = match.group(0)
    positions = [i for i, char in enumerate(run) if _is_digit(char)]
    if len(positions) < MIN_DIGITS:
        return run
    mobile = len(positions) == 11 and run[positions[0]] in "1１一幺"
    keep = set(positions[-4:]) | (set(positions[:3]) if mobile else set())
    return "".join(MASK if i in positions and i not in keep else c for i, c in enumerate(run))


def mask_text(text: str) -> str:
    """`text` with every number of seven digits or more masked; same length, same separators."""
    return _RUN.sub(_mask_run, text)


def _mask_utterance(utterance: Utterance) -> Utterance:
    # Mask the words as one string so a number split over several words is still seen whole;
    # masking keeps lengths, so the string splits back at the same offsets.
    joined = mask_text(" ".join(w.word for w in utterance.words))
    words, offset = [], 0
    for word in utterance.words:
        words.append(word.model_copy(update={"word": joined[offset : offset + len(word.word)]}))
        offset += len(word.word) + 1
    return utterance.model_copy(update={"text": mask_text(utterance.text), "words": words})


def mask_transcript(transcript: Transcript) -> Transcript:
    """A copy of `transcript` with numbers masked in every utterance's text and words."""
    return transcript.model_copy(
        update={"utterances": [_mask_utterance(u) for u in transcript.utterances]}
    )
