"""The structure rules in English: the English pack's cue lists on the traps the issue names,
rendered as Vosk's English model writes them (lower case, no punctuation, numbers as words). A
call is a greeting, the lines given, and a goodbye."""

from __future__ import annotations

import pytest

from ivr.review import check_call
from tests.review.corpus import book, call, render

GREETING = "A: Hello, Northwind Billing Support, this is Sam. How can I help you today?"
GOODBYE = "A: Thank you for calling, have a nice day. Goodbye."


def status(rule: str, *lines: str) -> str:
    transcript = render(call(GREETING, *lines, GOODBYE, language="en"))
    return check_call(transcript, book().get("billing-en")).finding(rule).status


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # commitments with any verb, a deadline or the agent's side acting
        ("A: We'll reship it tomorrow.", "pass"),
        ("A: The refund posts within 5 business days.", "pass"),
        ("A: I'll escalate this to my supervisor before end of day.", "pass"),
        ("A: A technician will come Thursday morning.", "pass"),
        ("A: We will call you back by 5 pm tomorrow.", "pass"),
        ("A: I've filed the claim, and you'll hear from us in two days.", "pass"),
        ("A: You'll receive the replacement no later than next Tuesday.", "pass"),
        ("A: Our technician can be there on Saturday between 9 and 11.", "pass"),
        ("A: I'll make sure the refund is processed by tomorrow afternoon.", "pass"),
        # information, not a commitment
        ("A: It usually arrives the next day.", "na"),
        ("A: You can return it within 30 days of delivery.", "na"),
        ("A: We're open from 9 am to 5 pm, Monday to Friday.", "na"),
        ("A: We have an opening on Thursday at 10 am, does that work for you?", "na"),
        ("A: The new rate takes effect on March 1st.", "na"),
        ("A: Any booking can be cancelled within 24 hours of purchase.", "na"),
        ("A: Orders placed before 2 pm ship the same day with two-day delivery.", "na"),
        ("A: You're booked for Thursday at ten with Dr. Kim.", "na"),
        ("A: Your plan will renew on the 15th.", "na"),
        ("A: Great, we'll see you Thursday at 3.", "na"),
        ("A: Your next payment is due on June 1st.", "na"),
        ("A: Great, drive safe, and we'll see you soon.", "na"),
        # vague or pending with no time
        ("A: We'll get back to you as soon as possible.", "fail"),
        ("A: Just wait to hear from us.", "fail"),
        ("A: Someone will be in touch.", "fail"),
        ("A: I'll escalate this to my supervisor.", "fail"),
        ("A: If anything comes up, we'll let you know.", "fail"),
        ("A: We'll get a technician out to you when one's available.", "fail"),
        ("A: You're on the 6 am flight. If a seat opens up earlier, we'll call you.", "fail"),
        # a concrete and a vague promise: the vague one leaves a matter open
        ("A: The replacement ships tomorrow, and the refund will come in a few days.", "fail"),
        # a vague word the agent makes concrete at once
        ("A: We'll do it as soon as possible, by noon tomorrow at the latest.", "pass"),
    ],
)
def test_follow_up_time_by_structure(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("caller", "agent", "expected"),
    [
        ("C: My new hair dryer stopped heating.", "A: I'm sorry about that, let me help.", "pass"),
        ("C: The desk arrived with a crack down the middle.", "A: Send me a photo.", "uncertain"),
        ("C: Great job, guys. Three weeks and nothing.", "A: Let me check.", "fail"),
        ("C: This is the third time I'm calling about this!", "A: Your order number?", "fail"),
        ("C: Why hasn't anyone called me back?", "A: Let me check.", "fail"),
        ("C: I want to check the status of my complaint.", "A: Sure, let me check.", "na"),
        ("C: Sorry, quick question, what are your hours?", "A: Nine to five.", "na"),
        ("C: I live at 12 Nothing Lane.", "A: Okay, got it.", "na"),
        ("C: I live on Broken Arrow Road.", "A: Okay, got it.", "na"),
        ("C: You sent me the wrong charger.", "A: What's the order number?", "fail"),
        ("C: I forgot my password.", "A: Let me reset it for you.", "na"),
        ("C: Wow, only fifty minutes on hold, that's a new record.", "A: How can I help?", "fail"),
        ("C: The invitations were left in the rain, they're soaked.", "A: Okay.", "uncertain"),
        # an apology nothing called for (a storm, the caller's own slip) is na, not pass
        ("C: A tree fell on my fence in the storm.", "A: I'm sorry to hear that.", "na"),
    ],
)
def test_apology_grades_the_callers_words(caller: str, agent: str, expected: str) -> None:
    assert status("apology", caller, agent, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: I really don't quite know.", "fail"),
        ("A: There's not much I can do.", "fail"),
        ("A: We can't handle that.", "fail"),
        ("A: You'll have to call someone else.", "fail"),
        ("A: That's not something we deal with.", "fail"),
        ("A: That's our policy.", "fail"),
        ("A: Honestly, that's above my pay grade.", "fail"),
        ("A: Um, I dunno.", "fail"),
        ("A: It's out of my hands.", "fail"),
        ("A: We can't do that online, but I can do it for you right now.", "pass"),
        ("A: I'm not a hundred percent sure, so let me check your plan.", "pass"),
        ("A: So you'd like to order Not My Problem by Ciara Smyth, correct?", "pass"),
        ("A: You don't know why it was locked? Let me check.", "pass"),  # the caller is the subject
        ("A: I don't know if you have a moment for a short survey.", "pass"),  # a polite question
        ("A: If you're not sure, check the label on the back.", "pass"),  # a conditional
        ("A: So you don't know who signed for it, is that right?", "pass"),  # a restatement
        ("A: If you can't see it, try refreshing the page.", "pass"),  # a lookalike
        ("A: If it's sold out, you can preorder it.", "pass"),
    ],
)
def test_banned_phrase_is_the_agents_own_refusal(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


def test_cues_match_whole_words_only() -> None:
    # "will" inside "willing" commits to nothing; "soon" inside "sooner" is not vague.
    line = "A: If you're willing to wait, the part may arrive sooner, on Friday."
    assert status("follow_up_time", "C: I have a question.", line, "C: Okay.") == "na"
