"""The pure core of the phone tree: matching choices and building TwiML without Flask."""

from __future__ import annotations

from typing import get_args

import pytest

from ivr.phone.menu import choose, hints
from ivr.phone.state import CallState, CallStateError
from ivr.phone.twiml import ACTIONS, Announcer, answer
from ivr.scripts import MenuAction, load_script_book
from ivr.settings import DEFAULT_SCRIPTS
from tests.phone.vocabulary import check_twiml

BOOK = load_script_book(DEFAULT_SCRIPTS)
APPLIANCE = BOOK.get("appliance-service")


@pytest.mark.parametrize(
    ("digits", "speech", "label"),
    [
        ("1", "", "报修"),
        ("1", "我要投诉", "报修"),  # a key press wins over words
        ("", "我要投诉！", "投诉"),
        ("", "三", "投诉"),
        ("", "3.", "投诉"),
        ("", "嗯", None),
        ("7", "", None),
        ("", "", None),
    ],
)
def test_choose(digits: str, speech: str, label: str | None) -> None:
    option = choose(APPLIANCE.menu, digits, speech)
    assert (option.label if option else None) == label


def test_hints_are_a_comma_separated_string() -> None:
    assert hints(BOOK.get("billing-en").menu) == "billing, bill, invoice, refund, wrong number"


def test_call_state_round_trip_and_tampering() -> None:
    state = CallState("appliance-service").enter("2").failed()
    args = dict(pair.split("=") for pair in state.query().split("&"))
    assert CallState.from_query(args, "x") == state
    with pytest.raises(CallStateError):
        CallState.from_query({"failures": "-1"}, "x")
    with pytest.raises(CallStateError):
        CallState.from_query({"path": "1" * 20}, "x")


def test_alice_gets_the_language_polly_does_not() -> None:
    alice = APPLIANCE.model_copy(update={"voice": "alice"})
    says = [
        next(check_twiml(answer(Announcer(s), open_now=True).to_xml().encode()).iter("Say")).attrib
        for s in (alice, APPLIANCE)
    ]
    assert says == [{"voice": "alice", "language": "zh-CN"}, {"voice": "Polly.Zhiyu"}]


def test_every_menu_action_has_a_handler() -> None:
    # A MenuAction added without a handler would otherwise reach callers as a KeyError's apology.
    assert set(ACTIONS) == set(get_args(MenuAction))
