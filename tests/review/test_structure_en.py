"""The structure rules in English: the English pack's cue lists on the traps the issue names,
rendered as Vosk's English model writes them (lower case, no punctuation, numbers as words). A
call is a greeting, the lines given, and a goodbye."""

from __future__ import annotations

import pytest

from ivr.review import check_call
from ivr.review.findings import Review
from ivr.review.matchers import Phrases, build_turns
from ivr.review.rules import Thresholds, apply_overrides, load_pack
from ivr.review.second_opinion import rules_only
from ivr.review.words import near, word_cost
from ivr.transcript import Transcript
from tests.review.corpus import book, call, render

GREETING = "A: Hello, Northwind Billing Support, this is Sam. How can I help you today?"
GOODBYE = "A: Thank you for calling, have a nice day. Goodbye."


def _review(transcript: Transcript, alone: bool) -> Review:
    """The English billing department's review; `alone`: the rules' own, without the learned
    second opinion."""
    script = book().get("billing-en")
    pack = apply_overrides(load_pack(script.lang), script.checker)
    return check_call(transcript, script, rules_only(pack) if alone else pack)


def status(rule: str, *lines: str) -> str:
    """The rules' own verdict: the learned second opinion is tested in test_second_opinion."""
    transcript = render(call(GREETING, *lines, GOODBYE, language="en"))
    return _review(transcript, alone=True).finding(rule).status


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # commitments with any verb, a deadline or the agent's side acting
        ("A: We'll reship it tomorrow.", "pass"),
        ("A: The refund posts within 5 business days.", "pass"),
        ("A: I'll escalate this to my supervisor before end of day.", "pass"),
        ("A: A technician will come Thursday morning.", "pass"),
        ("A: We will call you back by 5 pm tomorrow.", "pass"),
        # British clock times: half eleven is 11:30
        ("A: He'll ring you before half eleven with an update.", "pass"),
        ("A: I'll call you myself at quarter to twelve.", "pass"),
        ("A: I'll call you back at half past three.", "pass"),
        ("A: I'll call you at twenty to five.", "pass"),
        ("A: I've filed the claim, and you'll hear from us in two days.", "pass"),
        ("A: You'll receive the replacement no later than next Tuesday.", "pass"),
        ("A: Our technician can be there on Saturday between 9 and 11.", "pass"),
        ("A: I'll make sure the refund is processed by tomorrow afternoon.", "pass"),
        # the agent's side acting further back in the clause
        ("A: I've booked a technician for Saturday between 8 and 10 am.", "pass"),
        ("A: Done. It'll be engraved and shipped within two business days.", "pass"),
        ("A: The payment will be wired to your account on Tuesday.", "pass"),
        ("A: The medium ships out tomorrow.", "pass"),
        ("A: I'll email you the updated quote before five today.", "pass"),
        ("A: You'll get an email with the result 48 hours before departure.", "pass"),
        # the agent's side acting, nearer the time than an information cue (policy)
        ("A: Your updated policy documents will be emailed to you within the hour.", "pass"),
        ("A: A crew will clear it by the end of today.", "pass"),
        # how long a state lasts, a window counted from an event, a condition on the caller's
        # own act: information, not a step of the agent's side timed
        ("A: I've lifted the block and added a travel notice until the 20th.", "na"),
        ("A: We deliver until 2 a.m. Sunday through Thursday.", "na"),
        ("A: A refund is only possible within 7 days of enrolment.", "na"),
        (
            "A: If you switch to the fixed tariff before the 31st of March, you keep today's rate.",
            "na",
        ),
        ("A: Your final bill will be emailed to you within 14 days of the readings.", "pass"),
        (
            "A: The refund will be issued the day the carrier scans the box. If you don't see "
            "the refund on your card within five business days after that, just give us a call.",
            "pass",
        ),
        # whenever someone else gets round to it: no time
        ("A: It should go out with the next run. Whenever the depot schedules it.", "fail"),
        # a farewell is no vague promise; a long clause still has the agent's side as actor
        (
            "A: I'll ring you back by 4 o'clock today with her answer. Speak to you later.",
            "pass",
        ),
        (
            "A: I'll set that up now, and you'll get a new invoice with the three dates by email "
            "tomorrow morning.",
            "pass",
        ),
        # a hedged time promises nothing
        ("A: The team is on it, I'd say probably by Friday, but don't hold me to that.", "fail"),
        # a concrete promise, and a second matter to be looked into with no time
        (
            "A: The credit shows within 24 hours, and we'll look into the roaming bar and get back "
            "to you.",
            "fail",
        ),
        # a second matter of its own right after a concrete time: not timed by it
        (
            "A: The refund will be in your account by Monday, we'll also review why your ticket "
            "was missed and let you know.",
            "fail",
        ),
        # a time nobody knows, and one that only follows a timed step
        ("A: A mast is down. It'll be back when it's back.", "fail"),
        ("A: Power will be restored by 3 pm today, and I'll text you once it's back on.", "pass"),
        # the caller as the actor of the process
        ("A: Fences are covered, and you can file the claim online with photos.", "na"),
        # a restatement of the caller's words promises nothing
        (
            "A: So your appointment was cancelled and you need a new date as soon as possible, "
            "right?",
            "na",
        ),
        # information, not a commitment
        ("A: It usually arrives the next day.", "na"),
        ("A: Most routine panels post to the portal within one to two business days.", "na"),
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
        ("A: Same-day orders can be placed until 6 pm.", "na"),
        ("A: Standard requests are decided within 15 days, and urgent ones within 72 hours.", "na"),
        ("A: We acknowledge letters in 5 days, and we send a response within 15 days.", "na"),
        ("A: It's best to stop in before the 25th so you're not billed.", "na"),
        ("A: Check in online 24 hours ahead, which saves some time.", "na"),
        ("A: You can add three more years within 60 days of purchase.", "na"),
        ("A: The water will be off from 9 am to about 1 pm on Thursday.", "na"),
        ("A: Just a minute, I promise.", "na"),
        ("A: Okay. Yeah, we can't raise it that high over the phone.", "na"),
        ("A: Let me look into the decline, would you mind holding?", "na"),
        # vague or pending with no time
        ("A: We'll get back to you as soon as possible.", "fail"),
        ("A: Just wait to hear from us.", "fail"),
        ("A: Someone will be in touch.", "fail"),
        ("A: Your refund? Whenever it gets back to us.", "fail"),
        ("A: Okay, I'll put it in. Someone'll come by next week sometime.", "fail"),
        ("A: I'll put a note on it, maybe someone will look at it.", "fail"),
        # a time for the step covers the text sent when it is done
        ("A: It'll be ready by 4 pm today, and they'll text you when it's ready.", "pass"),
        ("A: He'll be at your door in ten minutes.", "pass"),
        ("A: I'll escalate this to my supervisor.", "fail"),
        ("A: If anything comes up, we'll let you know.", "fail"),
        ("A: We'll get a technician out to you when one's available.", "fail"),
        ("A: You're on the 6 am flight. If a seat opens up earlier, we'll call you.", "fail"),
        # a concrete and a vague promise: the vague one leaves a matter open
        ("A: The replacement ships tomorrow, and the refund will come in a few days.", "fail"),
        # a vague word the agent makes concrete at once
        ("A: We'll do it as soon as possible, by noon tomorrow at the latest.", "pass"),
        # information: an event timed by a condition, an account's billing calendar
        ("A: Same-day transfers made before 3:30 pm arrive the same day.", "na"),
        ("A: It's set up, and the first payment will be taken on the 1st of next month.", "na"),
        # a step the agent says cannot be done opens nothing
        ("A: We can't refund it, but you can reorder and I'll give you free delivery.", "na"),
        # a promise whose object names a return (a returns label) is no returns policy
        ("A: I'll email a prepaid returns label within the next hour.", "pass"),
        # a window of hours, promised
        ("A: The driver will collect between 9 and 1 tomorrow.", "pass"),
        # vague promises in other words: a call when something frees up, somebody getting back
        ("A: We'll give you a call when there's a free slot.", "fail"),
        (
            "A: I'll send a workaround within 30 minutes, and we'll update you when engineering "
            "finds the cause.",
            "fail",
        ),
        ("A: It ships tomorrow by 1 pm, and on the fee, somebody will get back to you.", "fail"),
        ("A: Someone will let you know once it's been reviewed.", "fail"),
        # a second matter looked into, with no time of its own; not one looked into at once
        (
            "A: I'll send a technician between 2 and 4 today, and we'll look into a credit on "
            "your bill.",
            "fail",
        ),
        ("A: I'll look into it now, one moment.", "na"),
        # a contingency after a concrete promise promises nothing more
        (
            "A: The driver will collect between 9 and 1 tomorrow. If anything changes on our "
            "end, we'll call you.",
            "pass",
        ),
        ("A: I'll send a replacement today. If the old parcel turns up, we'll call you.", "pass"),
        # a vague promise beside a concrete one, heard with a word misheard: for a person
        (
            "A: The refund posts within 5 business days, and well get beck to you about the fee.",
            "uncertain",
        ),
    ],
)
def test_follow_up_time_by_structure(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the caller asking when and no agent turn naming a time: pending, however the
        # promise was worded (or none was)
        (
            [
                "A: Someone from the depot will get in touch.",
                "C: When?",
                "A: Depends on the depot.",
            ],
            "fail",
        ),
        (
            ["A: Billing handle that.", "C: And when will they sort it?", "A: They'll sort it."],
            "fail",
        ),
        (
            ["A: A new card is on its way.", "C: When should I expect it?", "A: Soon enough."],
            "fail",
        ),
        # ... the question answered with a time, or with the thing done now
        (["A: Billing will sort it.", "C: When, roughly?", "A: By Friday at the latest."], "pass"),
        (
            [
                "A: I see the hold.",
                "C: Well when does it come off?",
                "A: I've released it, the funds are available right now.",
            ],
            "na",
        ),
        # a deadline word inside a time; a date as first of April
        (["A: Done. It'll be delivered to 41 Coral Drive tomorrow before 5 pm."], "pass"),
        (["A: We'll post the new card out first of April."], "pass"),
        # the caller as the actor of a modal, however long the clause
        (["A: You can switch in the parent portal any time before the 10th."], "na"),
        (
            [
                "A: If you won't be in, you can pick a neighbour or a pickup point in the app "
                "before 10 pm tonight."
            ],
            "na",
        ),
        # a window the agent's side can act in; a promise only possible
        (
            [
                "A: I can restore it from our side within 30 days. Most electricians can come "
                "within 48 hours."
            ],
            "na",
        ),
        (
            ["A: I've booked a redelivery for tomorrow, and the depot may be in touch about it."],
            "pass",
        ),
        # the present progressive of the agent's side: an arrangement; a step's finish
        # (as soon as it's deployed) timed by the time given for the step
        (["A: It's a known issue, we're pushing a patch out tomorrow at 9 am."], "pass"),
        (
            [
                "A: The fix is going live by 3 pm today, and I'll email you as soon as it's "
                "deployed."
            ],
            "pass",
        ),
        (["A: We're closing at 6 today."], "na"),
        # a number and a unit before a noun: a kind of thing, not when
        (["A: You'll get a text the evening before with a 2 hour slot."], "na"),
        # a time for a side matter opened after vague words does not make them concrete
        (
            [
                "A: We'll be in touch once the depot gets back to us. In the meantime I'll "
                "email you the claim form within the next ten minutes."
            ],
            "fail",
        ),
        (
            [
                "A: Someone from the warranty team will be in touch.",
                "C: When?",
                "A: Once the order's in. I'll also email you the care guide before 5 today.",
            ],
            "fail",
        ),
        (
            [
                "A: Someone from the warranty team will be in touch.",
                "C: When?",
                "A: They'll call you by 5 today.",
            ],
            "pass",
        ),
        # a contingency after a promise made in an earlier turn leaves nothing open
        (
            [
                "A: I'm booking a technician, he'll be with you on Thursday between 8 and 12.",
                "C: Can't be sooner?",
                "A: That is the first open slot, but if anything opens up earlier I'll let "
                "you know.",
            ],
            "pass",
        ),
        # vague words in a restatement are the caller's
        (
            [
                "A: I'm sorry. Just to make sure I've got it, your flight was cancelled and you "
                "need to get there as soon as possible, is that right?",
                "C: Yes.",
                "A: Could I have your booking reference?",
                "C: It's K Q 7 M 2 P.",
                "A: You're on the 6:15 tomorrow morning, the boarding pass is emailed within "
                "fifteen minutes.",
            ],
            "pass",
        ),
        # ... one naming the caller's matter in other words than "so you" (so Jamal's lost ...)
        (
            [
                "A: So Jamal's lost his mock report and you need a copy by Monday, is that right?",
                "C: Yes.",
                "A: I'll ask his tutor to email you a copy.",
            ],
            "fail",
        ),
        # "speak soon" signs off; it promises nothing
        (
            [
                "A: Your car will be ready to collect by five o'clock on Friday.",
                "C: Great.",
                "A: Thanks for calling Pitstop Motors, speak soon.",
            ],
            "pass",
        ),
        # a time for another matter, brought up in passing, gives the first one (as soon as it
        # lands we'll fit it and give you a ring) no time
        (
            [
                "A: The part's on back order. As soon as it lands we'll fit it and give you a "
                "ring.",
                "C: Any idea when?",
                "A: No date yet. Oh, and while I've got you, I've booked your MOT for Tuesday "
                "the 12th at 9 am.",
            ],
            "fail",
        ),
        # a side matter turned to once the caller's own was promised a time: the main promise
        # decides (the brief); without that promise the vague words still fail
        (
            [
                "A: An engineer will be with you today before 4 pm. I've also flagged the "
                "missed visit to our goodwill team, so you may hear from them at some point.",
            ],
            "pass",
        ),
        (["A: I've flagged the missed visit, so you may hear from them at some point."], "fail"),
        # ... nor with a time promised only later, for another matter
        (
            [
                "A: I've also passed it on, so you may hear from them at some point.",
                "C: Okay.",
                "A: Meanwhile, I'll email the form by 5 today.",
            ],
            "fail",
        ),
        # the next free van, a fix in the next release, a note dropped: left pending, no time
        (["A: I've put it back on, it'll go out on the next available van."], "fail"),
        (["A: They're working on it and it should be sorted in the next release."], "fail"),
        (["A: I'll drop the restaurant a note, they might sort something out for you."], "fail"),
        # a time declined is no promise; a question of how long answered without one
        (
            [
                "C: So it'll be back by Friday?",
                "A: I wouldn't want to promise Friday, it'll come once finance have processed it.",
            ],
            "fail",
        ),
        (
            [
                "A: It's with finance, and I'll email you a confirmation within ten minutes.",
                "C: How long's that, roughly?",
                "A: They work through them in the order they come in.",
            ],
            "fail",
        ),
        # opening hours are no promise of the visit the caller asked the day of
        (
            [
                "A: Our team works 8 till 4, Monday to Friday, someone will come round.",
                "C: Any idea which day?",
                "A: They'll give you a ring beforehand.",
            ],
            "fail",
        ),
    ],
)
def test_follow_up_time_by_clause(lines: list[str], expected: str) -> None:
    assert status("follow_up_time", "C: Hi, my parcel is stuck at your depot.", *lines) == expected


@pytest.mark.parametrize(
    ("caller", "agent", "expected"),
    [
        ("C: My new hair dryer stopped heating.", "A: I'm sorry about that, let me help.", "pass"),
        # a problem report: the organisation's fault owes an apology, the caller's own none
        ("C: The desk arrived with a crack down the middle.", "A: Send me a photo.", "fail"),
        ("C: The router you guys rented me keeps rebooting.", "A: Call equipment.", "fail"),
        ("C: I got charged twice for one ride.", "A: I've refunded one of them.", "fail"),
        # a report whose words name no one's fault: the writers label it na
        ("C: My fridge stopped cooling, it's a Whirlpool.", "A: I'll book one.", "na"),
        ("C: My order was supposed to be here at 7.", "A: I see the driver.", "fail"),
        ("C: You guys approved it and it never happened. Really smooth process.", "A: Ok.", "fail"),
        ("C: The sink is totally clogged.", "A: I'm sorry you're dealing with that.", "pass"),
        ("C: I'm at 18 Regret Hill Road, I need a pickup.", "A: 18 Regret Hill Road, sure.", "na"),
        ("C: I backed into a pole and the bumper is dented.", "A: I've opened a claim.", "na"),
        # what the caller paid for, rudeness, missing things, a machine taking the money
        ("C: I paid 80 pounds for these and they came wilted.", "A: Send me a photo.", "fail"),
        ("C: The officer at the counter was rude to me.", "A: What's your name?", "fail"),
        ("C: You cancelled my flight with four hours' notice.", "A: Booking code?", "fail"),
        ("C: It's sat at the hub for four days, nothing's moved.", "A: Tracking number?", "fail"),
        # an outside cause answered with sympathy: the brief counts an apology for it
        ("C: The hailstorm cracked my sunroof.", "A: I'm sorry to hear that.", "pass"),
        ("C: The hailstorm cracked my sunroof.", "A: I've opened a claim.", "na"),
        # an apology shows the trouble; a name, or the caller's own sorry, does not
        ("C: The app shows a blank box.", "A: Okay, sorry about that, let me look.", "pass"),
        ("C: Sorry, can I move my cleaning?", "A: No need to apologize.", "na"),
        ("C: I own Sorry Charlie's, I need checks.", "A: Checks for Sorry Charlie's.", "na"),
        ("C: Great job, guys. Three weeks and nothing.", "A: Let me check.", "fail"),
        ("C: This is the third time I'm calling about this!", "A: Your order number?", "fail"),
        ("C: Why hasn't anyone called me back?", "A: Let me check.", "fail"),
        ("C: I want to check the status of my complaint.", "A: Sure, let me check.", "na"),
        ("C: Sorry, quick question, what are your hours?", "A: Nine to five.", "na"),
        ("C: I live at 12 Nothing Lane.", "A: Okay, got it.", "na"),
        ("C: I live on Broken Arrow Road.", "A: Okay, got it.", "na"),
        ("C: You sent me the wrong charger.", "A: What's the order number?", "fail"),
        ("C: I forgot my password.", "A: Let me reset it for you.", "na"),
        # the caller's own slip, or an outside party's doing, even on an order with us
        ("C: I ordered a lamp and I put the wrong flat number.", "A: Updated.", "na"),
        ("C: A coffee shop charged me twice for one order.", "A: I've opened a dispute.", "na"),
        ("C: My bank blocked the payment, now I cant get into your site.", "A: Reactivated.", "na"),
        ("C: Wow, only fifty minutes on hold, that's a new record.", "A: How can I help?", "fail"),
        ("C: The invitations were left in the rain, they're soaked.", "A: Okay.", "na"),
        # a theft, or a merchant the caller was sent to the bank about, owes no apology; one
        # given still answers it, as the brief says of an act of nature
        ("C: My phone got nicked on the bus, block the SIM.", "A: Done.", "na"),
        ("C: My phone got nicked on the bus, block the SIM.", "A: Sorry, done.", "pass"),
        ("C: The bakery charged my card twice, they said go through my bank.", "A: Ok.", "na"),
        # a report with praise beside it is sarcasm: a complaint
        ("C: A seat that wouldn't recline, a screen that didn't work. Loved it.", "A: Ok.", "fail"),
        # the organisation's own work or bill named as the cause
        ("C: You serviced my car and now the check engine light is on.", "A: Ok.", "fail"),
        ("C: I paid for extra legroom and didn't get it.", "A: I'll note it.", "fail"),
        ("C: They've missed my recycling two weeks running.", "A: Noted.", "fail"),
        # a "sorry" for the line or the agent's own slip, or "not really sure", answers nothing
        ("C: I need a parking pass.", "A: Yes, sorry, still here. I've reserved one.", "na"),
        ("C: Hello? I can't hear you.", "A: Sorry, I can't hear you, please call back.", "na"),
        ("C: You guys lost my bag.", "A: I'm not really sure, not much I can do.", "fail"),
        # nor one easing the talk along (sorry to jump in, sorry, yeah)
        (
            "C: I want to pay my bill, the card is 4929.",
            "A: Sorry to jump in, don't read it.",
            "na",
        ),
        ("C: And can I fix my price?", "A: Sorry, yes, you can fix it in the app.", "na"),
        # ... nor one for the agent's own pace (the system's slow, I'm new, one minute)
        ("C: You people lost my bag.", "A: Sorry, the system's a bit slow. Okay.", "fail"),
        ("C: You people lost my bag.", "A: Sorry, I'm new here. Let me look.", "fail"),
        ("C: You people lost my bag.", "A: Sorry sir, one minute.", "fail"),
        ("C: You people lost my bag.", "A: Sorry, our system lost it. Found it.", "pass"),
        # a fault left for days or weeks is a complaint, not a plain report
        ("C: The lift in Block C has been broken for a week.", "A: Noted.", "fail"),
        ("C: The lift in Block C has been broken three weeks now.", "A: Noted.", "fail"),
        ("C: Half the treadmills are out of order two weeks now.", "A: Noted.", "fail"),
        ("C: The lift in Block C is broken.", "A: Noted.", "na"),
        # trouble since the organisation's own update is its doing; without it, a plain report
        ("C: Since yesterday's update none of my invoices are sending.", "A: Noted.", "fail"),
        ("C: None of my invoices are sending.", "A: Noted.", "na"),
        # praise of the service after a wait is sarcasm, unless it thanks
        ("C: Forty minutes for a burger. Really quality service.", "A: Noted.", "fail"),
        ("C: Thanks, really quality service.", "A: You're welcome.", "na"),
        # a report the agent thanks the caller for is notice of trouble, not a grievance
        (
            "C: There's water gushing out of the pavement on Main Street.",
            "A: Thanks for letting us know, a crew will be there within two hours.",
            "na",
        ),
        (
            "C: That pavement's been gushing for a week and nobody came.",
            "A: Thanks for letting us know, a crew will be there within two hours.",
            "fail",
        ),
        # sympathy for trouble no report words were found for (an act of nature, the caller's
        # own slip): the brief counts an apology for it; without one nothing was owed
        ("C: A tree fell on my fence in the storm.", "A: I'm sorry to hear that.", "pass"),
        ("C: A tree fell on my fence in the storm.", "A: Let me open a claim.", "na"),
        ("C: My son rented six movies by mistake.", "A: Oh, sorry that happened.", "pass"),
        # asked many times in more words, an order short, a tear along a seam: unapologised
        (
            "C: I've emailed her maths teacher Mr Kearney three times and had no reply.",
            "A: I'll leave him a message.",
            "fail",
        ),
        (
            "C: My order from Pizza Planet came without the garlic bread.",
            "A: Order number?",
            "fail",
        ),
        (
            "C: There's a tear along the seam of the tent I bought from you guys.",
            "A: Email us some photos.",
            "fail",
        ),
        # the agent finding the fault on the organisation's side in words of its own: a bad
        # batch, a depot's error, its own network, an outage, a bug in a version
        ("C: My router keeps switching itself off.", "A: It's a dodgy batch, that one.", "fail"),
        ("C: We only got eleven pallets.", "A: It was our depot's error.", "fail"),
        ("C: The speed drops every evening.", "A: It's congestion on our cabinet.", "fail"),
        ("C: The dashboard just spins.", "A: There's an outage. Engineers are on it.", "fail"),
        ("C: The report button does nothing.", "A: That version has a bug with it.", "fail"),
        ("C: My reading's on the app.", "A: It's there, it just didn't get picked up.", "fail"),
        # ... or restating the trouble as the organisation's
        (
            "C: I picked my car up yesterday and there's a scratch down the door.",
            "A: So your car came back from our meet-and-greet with a scrape, is that right?",
            "fail",
        ),
        # the caller naming what the organisation did, or its money taken twice
        ("C: My flight on Monday, you all cancelled it.", "A: Booking number?", "fail"),
        ("C: We moved with you on Saturday, there's a crack down the wardrobe.", "A: Ok.", "fail"),
        ("C: Our water's coming out kind of brown since this morning.", "A: Run the tap.", "fail"),
        ("C: My autopay went through twice this month.", "A: Account number?", "fail"),
        ("C: I ordered chicken but I've been sent a falafel one instead.", "A: Ok.", "fail"),
        # a decision the caller may not like, or a device gone offline, names no fault
        ("C: I've been with you for years and my loan was denied.", "A: Let me look.", "na"),
        ("C: My video doorbell has gone offline.", "A: Let me look.", "na"),
    ],
)
def test_apology_grades_the_callers_words(caller: str, agent: str, expected: str) -> None:
    assert status("apology", caller, agent, "C: Okay.") == expected


COMPLAINT = "C: This is the third time I'm calling about my refund."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a bare sorry answering "are you still there?" is for the silence, not the complaint
        (("C: Hello? Are you still there?", "A: Yes, sorry. It's with payments."), "fail"),
        # one that names what it is for still apologises
        (("C: Hello? Are you still there?", "A: Yes, sorry about all this."), "pass"),
        # nor on return from a hold the agent asked for
        (("A: One moment, please.", "C: Okay.", "A: Sorry. It's with payments."), "fail"),
        # a bare sorry opening a question eases the talk along
        (("A: Sorry, which account is that?", "C: The main one."), "fail"),
        # owned, it apologises (I'm sorry, which account?)
        (("A: I'm sorry, which account is that?", "C: The main one."), "pass"),
        # nor one checking a detail (sorry, and the address is...?); one for something named
        # before the detail apologises
        (("A: Sorry, and the address is 27 Sorrell Close?", "C: That's the one."), "fail"),
        (("A: Sorry, and it was Mark you spoke to both times?", "C: Yes."), "fail"),
        (("A: Sorry about that, and the address is 27 Sorrell Close?", "C: Yes."), "pass"),
        (("A: Sorry, and that was our error, I'll fix it.", "C: Ok."), "pass"),
        (("A: Sorry, so that was my mistake.", "C: Ok."), "pass"),
    ],
)
def test_apology_a_bare_sorry_owns_nothing(lines: tuple[str, ...], expected: str) -> None:
    assert status("apology", COMPLAINT, *lines, "A: It's with payments.") == expected


@pytest.mark.parametrize(
    ("caller", "agent"),
    [
        # a wrong number put right politely, or the caller's name, owns no fault
        ("C: Hi, is this the library?", "A: Sorry, this is Northwind Billing, not the library."),
        ("C: It's Mrs Sorry from flat 3, I need a new fob.", "A: Morning Mrs Sorry, done."),
        # the caller reached the wrong organisation: nothing here owes them an apology
        (
            "C: I need to report my car window got smashed overnight.",
            "A: Oh, sorry to hear that. You've got the wrong number, this is Northwind Billing.",
        ),
    ],
)
def test_apology_a_polite_sorry_is_not_one(caller: str, agent: str) -> None:
    assert status("apology", caller, agent, "C: Okay.") == "na"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        # praise after the agent put things right thanks it; after a brush-off it is sarcasm
        ("A: I've sent it for a rebill, you'll have it within five days.", "na"),
        ("A: Someone will be in touch eventually.", "fail"),
    ],
)
def test_apology_reads_praise_by_what_came_before(agent: str, expected: str) -> None:
    assert status("apology", "C: I need a rebill.", agent, "C: Oh, brilliant.") == expected


def test_praise_glad_for_someone_is_sincere() -> None:
    agent = "A: The bonus went in on Monday."
    assert status("apology", "C: Has her bonus gone in?", agent, "C: Oh brilliant.") == "fail"
    glad = "C: Oh brilliant, she'll be pleased."
    assert status("apology", "C: Has her bonus gone in?", agent, glad) == "na"


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
        # a refusal with its subject dropped, as casual speech does
        ("A: Not really sure, I think it's somewhere in settings.", "fail"),
        ("A: It'll be back when it's back. Can't tell you more than that.", "fail"),
        ("A: Could be anything, nothing much we can do without looking at it.", "fail"),
        # lecturing or brushing off in other words
        ("A: It's one charge for the phone and one for the line. Read your contract.", "fail"),
        ("A: I literally just said, it's customs. Did you not hear me?", "fail"),
        ("A: That's what the system says, mate.", "fail"),
        ("A: Just google it, there's a help page.", "fail"),
        ("A: Lost property's the airport's thing, not ours.", "fail"),
        # innocent lookalikes: the agent reading, a search engine named, a caller's doubt
        ("A: Let me read the contract terms to you now.", "pass"),
        ("A: Their number is usually on Google.", "pass"),
        ("A: When you're not sure, the label on the box tells you.", "pass"),
        # a refusal heard with a word as its homophone: for a person to hear, never a fail
        ("A: You knead to relax.", "uncertain"),
        ("A: Thats all eye can tell you.", "uncertain"),
        # the work pushed back on the caller, at the organisation's convenience, a lecture
        ("A: Schedule changes are posted on the portal. You have to check it yourself.", "fail"),
        ("A: You can also check it yourself in the app.", "pass"),
        ("A: It's on the list, it'll get done when it gets done.", "fail"),
        ("A: You really should've read it before you signed.", "fail"),
        ("A: I already told the last guy in your company this.", "fail"),
        # a flat no with nothing offered instead, and the matter pushed off the agent's side
        ("A: No, we don't take animals.", "fail"),
        ("A: That's a no from us, I'm afraid.", "fail"),
        ("A: Not from us.", "fail"),
        ("A: The delay's with the adjuster, and that's not really our side.", "fail"),
        ("A: That is not in my hands, sir, the field team decides.", "fail"),
        ("A: How the driver behaves is really between you and the driver.", "fail"),
        ("A: Your guess is as good as mine, to be honest.", "fail"),
        ("A: No, we don't charge for that.", "pass"),  # an answer, not a refusal
        ("A: No, we don't ship there, but I can send it to a pickup point.", "pass"),
        ("A: Not from us, but I can give you their number: 0800 123 456.", "pass"),
    ],
)
def test_banned_phrase_is_the_agents_own_refusal(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # refusals in words no list had, and bare ones opening the turn
        ("A: Honestly, I wouldn't have a clue on that one.", "fail"),
        ("A: Can't be done, sorry.", "fail"),
        ("A: We've got four hundred jobs, I can't wave a magic wand.", "fail"),
        ("A: See, that one's not really on us, mate.", "fail"),
        ("A: Cancel not possible after food is prepared.", "fail"),
        ("A: Ma'am, didn't you hear me? It's booked.", "fail"),
        ("A: The bag is not traced yet, I have no visibility on where it is.", "fail"),
        ("A: That's not something I can chase, it's with environmental health.", "fail"),
        ("A: I can't really say, refunds are handled by accounts payable.", "fail"),
        ("A: Property damage is outside our scope, you'd need to contact them.", "fail"),
        ("A: It's policy, payment plans start at two hundred dollars.", "fail"),
        ("A: Thanks, and it's policy number HX4471, is that right?", "pass"),
        ("A: Dispatch handles scheduling, not me.", "fail"),
        ("A: The system won't let me. That's just how it's set up.", "fail"),
        ("A: The insurance is SecureGuard, that's not really something I handle.", "fail"),
        ("A: Yeah, that's not an option on my end.", "fail"),
        ("A: That's not an option, but I can move the date for you.", "pass"),
        ("A: No, we can't.", "fail"),
        ("A: We don't do home visits.", "fail"),
        ("A: Nope, this is an internet company, wrong number.", "pass"),  # a wrong number
        # ... not a polite question, nor an offer of help
        ("A: I'm not sure if you've got our text yet, it has a map link.", "pass"),
        ("A: Let's see what I can do for you.", "pass"),
    ],
)
def test_refusals_said_in_other_words(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # trouble of the caller's own making: an apology still answers it, none owes nothing
        (
            ("C: I forgot my PIN and locked the card.", "A: Oh, I'm sorry, let me unlock it."),
            "pass",
        ),
        (("C: I must've typed the wrong date when I booked.", "A: Let me fix it."), "na"),
        # "no need to be sorry" apologises for nothing
        (("C: Silly me, I forgot my password.", "A: No need to be sorry, I've reset it."), "na"),
        # the organisation's side in other words: its advisor, a missed collection, the box
        (
            ("C: The nurse said she'd put his hearing aids in, they weren't in his bag.", "A: Ok."),
            "fail",
        ),
        (("C: The recycling on my street didn't get picked up yesterday.", "A: Noted."), "fail"),
        (
            ("C: I bought a kettle and the lid was cracked straight out of the box.", "A: Ok."),
            "fail",
        ),
        # nothing was wrong on its side after all
        (
            (
                "C: I got debited twice this month for the phone.",
                "A: There's nothing wrong, the second is the one-time fee in your agreement.",
            ),
            "na",
        ),
        (
            (
                "C: The sofa from that shop arrived broken and they stopped replying.",
                "A: That's between you and the retailer, I'm afraid.",
            ),
            "na",
        ),
        # an act of nature in the caller's report: sympathy for it still answers it
        (
            (
                "C: The storm last night took down three panels of my fence.",
                "A: I'm sorry to hear that. Let me open the claim.",
            ),
            "pass",
        ),
        (
            ("C: The storm last night took down three panels of my fence.", "A: Let me open it."),
            "na",
        ),
        # a formal complaint, or one denied, and the organisation's fault in other words
        (("C: I want to make a formal complaint about the rider.", "A: Order number?"), "fail"),
        (("C: I don't want to complain, I want to thank the nurses.", "A: Lovely."), "na"),
        (("C: My calendar isn't syncing my invites anymore since your update.", "A: Ok."), "fail"),
        (("C: I've been in your queue for fifty minutes. I need a new seat.", "A: Ok."), "fail"),
        # a non-apology
        (
            ("C: Your contractor never showed, it's a joke.", "A: I'm sorry you feel that way."),
            "fail",
        ),
        # the agent owning the error in its own words, the caller's words plain
        (("C: Hi, the gym fee has come out twice this month.", "A: Account number?"), "fail"),
        (("C: I'm ringing about my account.", "A: Right, that was a glitch on our end."), "fail"),
        (("C: Can you check my bill?", "A: There's no error on our end, it's all correct."), "na"),
        # a thing the organisation delivered, found broken
        (
            ("C: My floor lamp arrived this morning and the glass shade is cracked.", "A: Ok."),
            "fail",
        ),
        # a wait in the queue; an instruction the caller was given is no broken promise
        (("C: Forty minutes I've been sitting in your queue.", "A: Account number?"), "fail"),
        (("C: I've been on hold for thirty five minutes.", "A: Account number?"), "fail"),
        # a garage's hours asked about, in case it is shut, is no complaint
        (
            (
                "C: She's due a service and the spanner light's been on a fortnight.",
                "A: I can take her Thursday at nine.",
                "C: Thursday's perfect, will I leave the key in the box if you're not open?",
                "A: Yes, do.",
            ),
            "na",
        ),
        (("C: I was told I need to ring to book a scan.", "A: Sure, what day?"), "na"),
        (("C: I was told it would be fixed by Monday.", "A: Ok."), "fail"),
        # the caller's own doing, or a bank's check outside the organisation
        (("C: I measured him wrong and the blazer is too big.", "A: We'll swap it."), "na"),
        (
            (
                "C: My payment for the rug keeps getting declined.",
                "A: That'll be the bank's fraud check blocking it, I can take it by phone.",
            ),
            "na",
        ),
        # sympathy for trouble of the caller's own making answers it
        (
            (
                "C: I've done something silly, my cover lapsed because I forgot to renew.",
                "A: I'm sorry to hear that, it's easily done. Let's set up a new policy.",
            ),
            "pass",
        ),
        # checking a text is genuine is no complaint of a scam
        (("C: I want to check this fee text is not a scam.", "A: It's genuine."), "na"),
        # a sorry for a bad line, or opening a question, owns nothing
        (("C: Hi, I'm calling about my", "A: I'm sorry, you broke up there."), "na"),
        (("C: A stone hit my windscreen.", "A: Right, sorry, was the reg ending 4KT?"), "na"),
    ],
)
def test_whose_trouble_an_apology_answers(lines: tuple[str, ...], expected: str) -> None:
    assert status("apology", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # left to whenever someone else gets to it: no time
        (("A: It'll be released as soon as the landlord signs it off.",), "fail"),
        (("A: I've initiated the refund, it will reflect in a few working days.",), "fail"),
        (("A: The claim will be settled once the medical team clears it.",), "fail"),
        (("A: I'll get a meter reader to recheck it at some stage.",), "fail"),
        (("A: We'll get it out as fast as we can.",), "fail"),
        # the caller asking when, with an adverb, left without a time
        (
            (
                "A: I've passed it to the team.",
                "C: But when do I actually get the money?",
                "A: That's with the team.",
            ),
            "fail",
        ),
        # ... and one a time answers
        (("A: It'll be released by Friday at the latest.",), "pass"),
        # a tax return is no return policy: the preparer's promise stands
        (("A: Linda will email you the draft of your return to review by 5 pm Thursday.",), "pass"),
        # a fallback if the promise is not kept promises nothing more
        (("A: You'll have an answer by 11 am tomorrow, and I'll follow up if you don't.",), "pass"),
        # what must be done by a time is information, not a promise
        (("A: Pickup is the week of April 14; items have to be at the curb by 6 am.",), "na"),
        # the main matter left to a third party coming back, beside a time for a side step
        (
            (
                "A: You'll get the order number within the hour. The team will confirm the"
                " date once Openreach come back to us.",
            ),
            "fail",
        ),
        # a wait that depends on others, or months: no time (not "it all depends", a refusal)
        (
            ("A: I'll reissue it. It's usually 7 to 10 days, but it really depends on the mail.",),
            "fail",
        ),
        (("A: Could be months. You'll get a letter when they book you in.",), "fail"),
        (("A: I'll mention it to the landlord. Then it's up to him.",), "fail"),
        # days already gone by are no vague promise
        (("A: It's been a few days, so there's not a lot we can do about it now.",), "na"),
        # a side matter turned to after the main promise (and the fee refund, that ...)
        (
            ("A: It'll be here by 7:15. And the refund, that is reviewed, we'll let you know.",),
            "pass",
        ),
        # ... or one the caller raises after it; not the caller's own matter asked again
        (
            (
                "A: We'll have the car back to you by 5 pm tomorrow.",
                "C: Will I need a courtesy car?",
                "A: I'll ask and someone will let you know.",
            ),
            "pass",
        ),
        (
            (
                "A: I'll email you the case number within the hour.",
                "C: And the money?",
                "A: They'll let you know.",
            ),
            "fail",
        ),
        # the promised time said back, and something else asked after; not "when?" again
        (
            (
                "A: The engineer will be there by 4 pm today.",
                "C: By 4 pm, great. What about the callout fee?",
                "A: I'll look into that and let you know.",
            ),
            "pass",
        ),
        (
            (
                "A: The engineer will be there by 4 pm today.",
                "C: By 4 pm, great. So when will it be fixed?",
                "A: I'll look into that and let you know.",
            ),
            "fail",
        ),
        # the caller's slot, a return deadline, a payment date, a collection day: information
        (("A: I've booked her in for Thursday, drop off 7:30 to 8:30.",), "na"),
        (("A: Done, it's now due back Sunday by 5 pm at the airport desk.",), "na"),
        (("A: The first payment at the new rate will be on the 15th of April.",), "na"),
        (("A: Over Christmas your Friday collection will be on Saturday instead.",), "na"),
        # a step opened in other words, with no time
        (("A: I'll get a tax invoice sent across to your email.",), "fail"),
        (("A: I'll ask the collection team, they will message you.",), "fail"),
        (("A: I'll stick a note on it and someone might give you a buzz.",), "fail"),
        (("A: The duty doctor might ring you later.",), "fail"),
        (("A: They'll write to you when it's been assessed.",), "fail"),
        (("A: Once the retailer approves the claim, they'll sort out the refund.",), "fail"),
        (("A: I've sent it to billing, they'll remove the fee once they confirm it.",), "fail"),
        # availability and a condition on the caller's act: information
        (("A: I can't see anything before Thursday, the earliest is Thursday at 8.40.",), "na"),
        (("A: As long as it reaches us by 5pm on the 5th, it counts.",), "na"),
        # a step the caller takes once a thing is done
        (("A: It's your pipe; once it's fixed you can apply for a leak allowance.",), "na"),
    ],
)
def test_vague_times_in_other_words(lines: tuple[str, ...], expected: str) -> None:
    assert status("follow_up_time", "C: Where is my deposit?", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # someone else's whereabouts or money told to a caller asking about them
        (
            (
                "C: My neighbour Joan was taken in this morning, how is she?",
                "A: She's on Ward 7, she was admitted with chest pains.",
            ),
            "fail",
        ),
        (
            ("C: I'm Ella Morgan's uncle, where is she at two?", "A: She's in science in Lab 4."),
            "fail",
        ),
        # ... not once the agent checked the caller may have them, or declined
        (
            (
                "C: My neighbour Joan was taken in this morning, how is she?",
                "A: Are you her next of kin? She's on Ward 7.",
            ),
            "pass",
        ),
        (
            (
                "C: My neighbour Joan was taken in this morning, how is she?",
                "A: I can't discuss a patient, but she can ring you.",
            ),
            "pass",
        ),
        # ... nor the caller's own matter said back
        (
            (
                "C: My husband was on Ward 9 and his hearing aids went missing.",
                "A: So they went missing when he was discharged, is that right?",
            ),
            "pass",
        ),
        # a wife's booking, a mother's arrears, an old friend's new address
        (
            (
                "C: My wife's got a scan booked next week and she's lost the letter.",
                "A: She's booked for an MRI on Tuesday at 10:40 in Imaging.",
            ),
            "fail",
        ),
        (
            (
                "C: I'm calling about my mum's water account, how much does she owe?",
                "A: She's £146 in arrears, and her direct debit bounced last month.",
            ),
            "fail",
        ),
        (
            (
                "C: I'm trying to get hold of an old friend who rented from you.",
                "A: Yes, she left a forwarding address, it's Flat 2, 88 Harbour View.",
            ),
            "fail",
        ),
        # a mother's clinic date, a husband's blood count, an ex-wife's cover and address
        (
            (
                "C: I'm ringing about my mum, she's lost her appointment letter.",
                "A: She's in on Tuesday the 9th at 10.20 with Mr Farouk.",
            ),
            "fail",
        ),
        (
            (
                "C: My husband was in on Monday for a blood test.",
                "A: His white blood cell count came back a bit high.",
            ),
            "fail",
        ),
        (
            (
                "C: I want to know if my ex-wife's still insured on the car.",
                "A: Yes, she renewed on the 3rd, and she's registered at 9 Grange Road now.",
            ),
            "fail",
        ),
        # a husband's cholesterol, bill and card, or account; a son's loan balance; a
        # daughter's grades; a hotel guest's room; a tenant's arrears told to a referee; a car
        # owner's name and address; an ex-partner's claim paid to his account
        (
            (
                "C: My husband Tom had bloods done on Monday, are they back?",
                "A: They're back. His cholesterol's high, 7.2.",
            ),
            "fail",
        ),
        (
            (
                "C: My husband dropped his car off with you on Monday, what did it come to?",
                "A: We replaced the clutch, £642.80, paid on his Visa yesterday.",
            ),
            "fail",
        ),
        (
            (
                "C: The account's in my husband's name, how much do we owe?",
                "A: The next debit of 95 pounds comes out of his Lloyds account ending 4410.",
            ),
            "fail",
        ),
        (
            (
                "C: I'm calling about my son's student loan, what does he owe?",
                "A: Oliver's current balance is forty-eight thousand pounds.",
            ),
            "fail",
        ),
        (
            (
                "C: I'm calling about my daughter Emily, she hasn't told us her grades.",
                "A: She has a B-plus in Organic Chem and a C in Spanish.",
            ),
            "fail",
        ),
        (
            (
                "C: My husband's staying with you this week, I want to send flowers up.",
                "A: He's in room 614 until Friday.",
            ),
            "fail",
        ),
        (
            (
                "C: One of your tenants has given you as a reference.",
                "A: She was two months behind last winter.",
            ),
            "fail",
        ),
        (
            (
                "C: A blue Honda's blocking my drive, I want to know who it belongs to.",
                "A: That's registered to a Daniel Ruiz, 88 Crestview Lane.",
            ),
            "fail",
        ),
        (
            (
                "C: My ex and I split up and he kept the pet policy. Was the claim paid?",
                "A: We paid $640 to his account ending 2291.",
            ),
            "fail",
        ),
        # ... not the caller's own account, nor a third party's details the agent declines
        (
            (
                "C: My husband dropped his car off with you on Monday, what did it come to?",
                "A: I can't discuss his account, but he can ring us.",
            ),
            "pass",
        ),
        (
            ("C: I'd like to know my balance.", "A: Your current balance is forty pounds."),
            "pass",
        ),
    ],
)
def test_someone_elses_details_told_to_a_caller(lines: tuple[str, ...], expected: str) -> None:
    assert status("privacy", *lines, "C: Okay.") == expected


def test_apology_is_unsure_of_a_complaint_nobody_answered() -> None:
    # the caller's last words: no agent turn could have apologised
    lines = ("A: Support.", "C: Where is the export button?", "A: Just google it.")
    assert check(*lines, "C: Right. Thanks for nothing.")["apology"] == "uncertain"


def test_cues_match_whole_words_only() -> None:
    # "will" inside "willing" commits to nothing; "soon" inside "sooner" is not vague.
    line = "A: If you're willing to wait, the part may arrive sooner, on Friday."
    assert status("follow_up_time", "C: I have a question.", line, "C: Okay.") == "na"


def check(*lines: str, noise: float = 0.0, seed: int = 0, alone: bool = False) -> dict[str, str]:
    """Every rule's status on a call of exactly these lines (no greeting or goodbye added);
    `alone`: the rules' own, without the learned second opinion."""
    review = _review(render(call(*lines, language="en"), noise, seed), alone)
    return {f.rule: f.status for f in review.findings}


def test_english_phrases_match_whole_words() -> None:
    # "hi" inside "this" greets nobody; "right" is not "eight".
    opening = "A: Northwind Billing Support, this is agent 7, how can I help?"
    assert check(opening, "C: My bill is wrong.", "A: Okay.")["greeting"] == "fail"
    phrases = Phrases(["is that right"], "en", Thresholds(min_fuzzy_chars=10))
    turn = build_turns(render(call("A: It costs eight dollars, is that alright", language="en")),
                       "en", 5.0)[0]  # fmt: skip
    assert not [h for h in phrases.hits(turn) if h.score >= 0.8]


@pytest.mark.parametrize(
    ("said", "heard", "found"),
    [
        ("how can i help", "how uh can i help you", True),  # a word added
        ("how can i help", "how can help you", True),  # a word dropped
        ("thank you for calling", "thank you fore calling", True),  # the same sound
        ("orbit mobile", "welcome to orban mobile", True),
        ("thank you for holding", "thank you for calling", False),  # its content word differs
        ("last four", "you lost your card", False),  # keeps none of its words
        ("what can i", "okay can i get your date of birth", False),  # function words dropped
    ],
)
def test_english_phrases_are_heard_word_by_word_by_sound(
    said: str, heard: str, found: bool
) -> None:
    phrases = Phrases([said], "en", Thresholds(min_fuzzy_chars=5))
    turn = build_turns(render(call(f"A: {heard}", language="en")), "en", 5.0)[0]
    assert any(h.score >= 0.8 for h in phrases.hits(turn)) is found


def test_words_one_sound_apart() -> None:
    assert near("orbit", "orban") and near("help", "welp") and near("right", "write")
    assert not near("mind", "dont") and not near("holding", "calling")
    assert word_cost("know", "no") < word_cost("know", "yes")


def test_words_that_are_one_vowel_sound() -> None:
    # "i" heard as "eye" or "aye" is the same sound; "a" is not "i"
    assert word_cost("i", "eye") == word_cost("i", "aye") < 0.2
    assert word_cost("i", "a") > 0.5
    lines = ("A: Good morning, Northwind Billing, Sam speaking, how can eye help?", "C: Hi.")
    assert check(*lines, GOODBYE)["greeting"] == "pass"


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        (["A: Anything else?", "C: No.", "A: Thanks for calling, have a good one."], "pass"),
        (["A: No problem at all. Have a good one."], "pass"),  # a sign-off alone
        (["A: Thanks for calling, bye.", "C: Thanks, bye!"], "pass"),  # the caller answers it
        (["A: Anything else?", "C: No."], "fail"),  # the caller ends it
        (["A: Okay, sure.", "C: Thanks, goodbye."], "fail"),  # no sign-off
        (["A: Yep. Transferring you now."], "fail"),  # "you now" is no "bye now"
        # a bare bye with no courtesy ends the call curtly
        (["A: Yep, no worries, bye."], "fail"),
        (["C: Right, okay.", "A: Yep, bye."], "fail"),
        (["A: Anything else?", "C: No.", "A: Okay, bye."], "pass"),
        (["A: Thanks, bye now."], "pass"),
    ],
)
def test_closing_is_an_english_sign_off_by_the_agent(ending: list[str], expected: str) -> None:
    assert check(GREETING, "C: I have a question.", *ending)["closing"] == expected


@pytest.mark.parametrize(
    ("hold", "back", "expected"),
    [
        ("A: May I put you on a brief hold while I check?", "A: Thanks for holding.", "pass"),
        ("A: Bear with me while I look at your usage.", "A: Thanks for your patience.", "pass"),
        ("A: Let me pull up your account, one moment.", "A: Thanks for waiting.", "pass"),
        ("A: Please hold.", "A: Thank you for holding.", "fail"),  # a blunt hold: no asking
        ("A: One moment.", "A: Thank you for holding.", "fail"),
        ("A: Do you mind holding for a minute?", "A: Okay, it's fixed.", "fail"),  # no thanks
        ("A: I'll hold it at the pickup point for you.", "A: Okay.", "na"),  # no hold
        ("A: I've put a hold on the balance.", "A: Okay.", "na"),
        ("A: I've put the bill on hold so there's no late fee.", "A: Okay.", "na"),
        ("A: Please wait outside until the technician gets there.", "A: Okay.", "na"),
        ("A: Let me check, one moment.", "A: Thank you for staying on the line.", "pass"),
        # Gone quiet without a word: the caller's check stands for the hold never asked.
        ("A: Let me check the folio.\nC: Hello? Are you still there?", "A: Yes, sorry.", "fail"),
        ("A: Let me check.\nC: Hello, is anyone there? It's 42 Sorrento Street.", "A: Ok.", "na"),
    ],
)
def test_hold_etiquette_in_english(hold: str, back: str, expected: str) -> None:
    # The agent back from the hold without the caller speaking between: one turn, two utterances.
    # The rules' own verdict: on calls this short the learned model reads too little (it is
    # tested in test_second_opinion).
    lines = (GREETING, "C: I have a question.", *hold.split("\n"), back, "C: Okay.",
             "A: Anything else?", "C: No.", GOODBYE)  # fmt: skip
    assert check(*lines, alone=True)["hold_etiquette"] == expected


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        ("A: So you'd like to cancel the order for the blue lamp, is that right?", "pass"),
        ("A: And your account PIN is 4-8-2-9, right?", "fail"),  # a detail read back
        ("A: I have your address as 19 Oak Street, is that right?", "fail"),
        ("A: You're right, I can cancel the blue lamp order now.", "fail"),  # answers, not asks
        # the detail is part of the need restated: it still confirms the need
        ("A: So you'd like to cancel the blue lamp order 5 5 1 2, correct?", "pass"),
    ],
)
def test_confirm_need_is_the_need_not_a_detail(agent: str, expected: str) -> None:
    caller = "C: I want to cancel my order for the blue lamp, it's order 5512."
    assert check(GREETING, caller, agent, "C: Yes.", GOODBYE)["confirm_need"] == expected


def test_an_agent_number_is_read_digit_by_digit_in_english() -> None:
    opening = "A: Hello, this is agent 4 0 9 3. How can I help you today?"
    script = book().get("billing-en")
    script = script.model_copy(update={"agent": script.agent.model_copy(update={"id": "4093"})})
    transcript = render(call(opening, "C: Hi.", GOODBYE, language="en"))
    evidence = check_call(transcript, script).finding("greeting").evidence
    assert any(e.phrase == "agent four zero nine three" for e in evidence)


@pytest.mark.parametrize(
    "opening",
    [
        "A: Good morning, Riverton City three one one, how can I help?",
        "A: Good morning, Riverton City three hundred and eleven, how can I help?",
    ],
)
def test_a_number_in_the_department_name_is_read_out(opening: str) -> None:
    # named only by the department (no agent name or number), its number said in words
    script = book().get("billing-en").model_copy(update={"name": "Riverton City 311"})
    transcript = render(call(opening, "C: Hi.", GOODBYE, language="en"))
    finding = check_call(transcript, script).finding("greeting")
    assert finding.status == "pass"
    # matched exactly, as said, not only near enough by sound
    named = [e for e in finding.evidence if e.phrase.startswith("Riverton City ")]
    assert named and named[0].phrase != "Riverton City 311" and named[0].confidence == 1.0


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a detail inside a restatement: the question asks about the need too
        (
            (
                "C: My armchair delivery is Wednesday, could it come on the weekend? I don't "
                "have the order number.",
                "A: So you'd like to move your armchair delivery to the weekend, and you don't "
                "have the order number, is that right?",
            ),
            "pass",
        ),
        # a detail confirmed after small talk the agent echoes: no need confirmed
        (
            (
                "C: Sorry, dumb question, is the delivery fee the same for every order?",
                "A: Not a dumb question. Let me confirm your email first, it's jo at mail dot com?",
            ),
            "fail",
        ),
        # a promise to confirm later asks nothing now
        (
            (
                "C: Our bank feed stopped syncing on Monday, no transactions since then.",
                "A: The team will backfill the missing transactions by Thursday, and Leah will "
                "call you to confirm everything's there.",
            ),
            "fail",
        ),
        # the caller dialled by accident: nothing to confirm
        (("C: Oh sorry, my toddler hit call. Bye!", "A: No worries, bye."), "na"),
        # withdrawn while stating the need: nothing left to confirm
        (
            (
                "C: I'm calling about my order, oh wait, found the email, never mind!",
                "A: No problem, bye.",
            ),
            "na",
        ),
        # the caller reached the wrong place, and the agent says so
        (
            (
                "C: Oh hi, is this Golden Dragon? I wanted to book a table for Friday.",
                "A: Nah, this is DashBite, the delivery app, you'll need to ring the restaurant.",
            ),
            "na",
        ),
        # the right place: the need is still to be confirmed
        (
            (
                "C: Hi, is this billing? I was charged twice this month.",
                "A: Yes, I can refund the second charge now.",
            ),
            "fail",
        ),
        # a restatement closed by a question tag asks the caller to check it
        (
            (
                "C: My parcel came crushed and the lamp is broken.",
                "A: Right, so your parcel came crushed and the lamp inside is broken, yeah?",
            ),
            "pass",
        ),
        # a closing "yeah" without a restatement opener asks nothing
        (
            (
                "C: My parcel came crushed and the lamp is broken.",
                "A: I can see the parcel and the lamp on the order, yeah.",
            ),
            "fail",
        ),
        # numbers that are part of the need, restated with other words of it
        (
            (
                "C: I ordered running shoes in size 9, I'm actually a 10, can I swap them?",
                "A: No problem, the running shoes you received in size 9 for a size 10, is that "
                "correct?",
            ),
            "pass",
        ),
        # the caller's words echoed in full, closing on what only sounds like a question
        (
            (
                "C: My internet has been dead since last night, the router has a red light and "
                "restarting did nothing.",
                "A: Yore internet has been dead since last night, the router has a red light and "
                "restarting did nothing, direct?",
            ),
            "uncertain",
        ),
        # a reference the agent asked for, read back: a detail, not the need
        (
            (
                "C: My blender hasn't come, it's been ten days.",
                "A: Could you give me the order number please?",
                "C: K R T 2 2 3 3 4 4.",
                "A: So that's K R T 2 2 3 3 4 4, is that right?",
            ),
            "fail",
        ),
    ],
)
def test_confirm_need_in_english(lines: tuple[str, ...], expected: str) -> None:
    assert status("confirm_need", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # a restatement in the agent's own words, which the caller's (bare) yes confirms
        ("C: Yeah.", "pass"),
        # one the caller turns down
        ("C: Well, not exactly, I just want to spread the cost.", "fail"),
    ],
)
def test_confirm_need_own_words_answered(answer: str, expected: str) -> None:
    lines = (
        "C: I bought a car from you and the touchscreen has gone black.",
        "A: Right, so the infotainment display has died and you want it repaired, is that right?",
        answer,
        "A: Bring it in Monday.",
    )
    assert status("confirm_need", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: The card being billed is 4716 3302 8815 2290, is that still yours?", "fail"),
        ("A: Social Security number?", "fail"),
        ("A: The card on file is 5412 7789 0033 1968, expiring 09/27.", "fail"),
        ("A: Can you give me your full debit card number?", "fail"),
        ("A: I'll charge the card ending in 3307.", "pass"),
        # an organisation's line given to ring discloses nobody's number; someone's does
        ("A: Their outage line is 1-800-555-0177.", "pass"),
        ("A: The complaints team is on 0800 414 2200, weekdays 8 till 6.", "pass"),
        ("A: The library's number is 01632 960 410, shall I put you through?", "pass"),
        ("A: I have your mobile as 07700 912 334, is that right?", "fail"),
        ("A: I'll have her call you on 98190 46637, okay?", "fail"),
        ("A: So the line is 0803 456 7812, registered to Folake Adeyemi, correct?", "fail"),
        ("A: I can see it was paid on the card 5412 7534 9021 6678.", "fail"),
        ("A: Can I have the last four of your Social Security number?", "pass"),
        # a number asked in full, or the card's security digits, in other words
        ("A: Can you give me your full National Insurance number so I can verify you?", "fail"),
        ("A: Can you give me your full account number, plus the 3 digits on the back?", "fail"),
        ("A: Can I take your account number?", "pass"),
        ("A: Could you read me the long number across the front of your card?", "fail"),
        ("A: I've sent a passcode to your email. Can you read it out to me?", "fail"),
        ("A: I've sent an OTP to your registered number, can you read it out to me?", "fail"),
        ("A: Please tell me your full Aadhaar number, all twelve digits.", "fail"),
        ("A: We will never ask for your OTP, so don't share it with anyone.", "pass"),
        # telling the caller not to give a number, or restating a locked PIN, asks for none
        ("A: You never need to give me the full card number, so keep that to yourself.", "pass"),
        ("A: Please don't read out the full card number, there's no need.", "pass"),
        ("A: So your SIM is locked after three wrong PIN attempts, is that right?", "pass"),
        ("A: I'm sending a reset link. Please don't tell me your password at any point.", "pass"),
        ("A: The new card comes in five days, and your PIN stays the same.", "pass"),
        ("A: Right, and what's the password on the account?", "fail"),
        ("A: Can you give me your full driving licence number, please?", "fail"),
        ("A: I've just sent a code to the mobile on your account, can you read it out?", "fail"),
        ("A: Turn on a purchase PIN. Pick one yourself, we don't need to know it.", "pass"),
        # a password to confirm, a driver's licence number in full
        ("A: Can you confirm your online account password for security?", "fail"),
        ("A: Can you read me your full driver's licence number so I can verify you?", "fail"),
        ("A: Can you confirm your date of birth?", "pass"),
    ],
)
def test_privacy_in_english(line: str, expected: str) -> None:
    assert status("privacy", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # adverbs inside a refusal, and refusals with no listed phrase
        ("A: Yeah, upgrades aren't really my department. You'd need sales.", "fail"),
        ("A: You'll have to figure out the return yourself.", "fail"),
        ("A: I don't know what you want me to do, the doctor's booked.", "fail"),
        ("A: I don't know what time works for you, morning or afternoon?", "pass"),
        # a hesitation inside the phrase
        ("A: There's, uh, nothing I can do.", "fail"),
        # the agent apologising for what the caller was told before
        ("A: I'm sorry, you should never have been told that's not my department.", "pass"),
        # brush-offs in other words, a bare "can't" and "not us" opening a turn
        ("A: The PE bag? Haven't the foggiest, to be honest.", "fail"),
        ("A: My hands are tied, I'm afraid.", "fail"),
        ("A: Damage by the builder is not our headache.", "fail"),
        ("A: We can't backdate it.", "fail"),
        ("A: That's not us, that's business sales.", "fail"),
        # the closing's "if there's nothing else I can do" refuses nothing
        ("A: Great. Well, if there's nothing else I can do, thanks for calling.", "pass"),
        # ... nor does "anything else I can help with?" after a sentence ends in "not"
        ("A: Yes sir, they will not. Anything else I can help you with?", "pass"),
        # not knowing or not my scope, in more words
        ("A: Yeah, look, I honestly wouldn't know, mate, the rollout's up to NBN.", "fail"),
        ("A: Sir, KYC approval is not in my scope, it is done by the backend team.", "fail"),
    ],
)
def test_banned_phrase_in_english(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("opening", "second", "expected"),
    [
        # any salutation, wherever the opening puts it
        ("A: Northwind Billing, morning, Sam speaking, how can I help?", "A: Sure.", "pass"),
        ("A: G'day, Northwind Billing, Sam speaking, how can I help?", "A: Sure.", "pass"),
        ("A: Kia ora, Northwind Billing, agent 7402, how can I help?", "A: Sure.", "pass"),
        # the department named only once the caller has said what they want opens nothing
        ("A: Hi there, how can I help?", "A: Yes, this is Northwind Billing.", "fail"),
        ("A: Hiya, Northwind Billing, this is Sam, how can I help?", "A: Sure.", "pass"),
        # a time of day after the opening is a time, not a salutation
        (
            "A: Northwind Billing, this is Sam, how can I help?",
            "A: I'm sorry, that's a wasted morning.",
            "fail",
        ),
    ],
)
def test_greeting_takes_any_salutation_in_the_opening(
    opening: str, second: str, expected: str
) -> None:
    lines = (opening, "C: My bill is wrong.", second, "C: Okay.", GOODBYE)
    assert check(*lines)["greeting"] == expected


NEED = "C: Hi, my water's been coming out brown since yesterday, and the crew dug up our street."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A wish of the caller's (you'd like / you want / you need) makes the question about the
        # need, though an address or amount is in the clause.
        (
            (
                "C: I put flat 12 on the order but I'm in flat 21.",
                "A: So it went to flat 12 instead of 21, and you'd like the address corrected, "
                "right?",
                "C: Yeah.",
            ),
            "pass",
        ),
        (
            (
                "C: My bill's jumped from 80 to 260 pounds.",
                "A: So your bill went from 80 to 260 and you want it checked, right?",
                "C: Yes.",
            ),
            "pass",
        ),
        # a number read back between the wish and the question: the question checks the number
        (
            (
                "C: I'd like to know what my scan results showed.",
                "A: So you want your scan results. I have your card number as 4 4 1 9 8 2, is that "
                "correct?",
                "C: Yes.",
            ),
            "fail",
        ),
        # asked or offered (would you like / anything else you need), no wish restated
        (
            (
                "C: My water is coming out brown.",
                "A: I can send someone, would you like me to book a visit, yes?",
                "C: Yes.",
            ),
            "fail",
        ),
        (
            (
                "C: My water is coming out brown.",
                "A: That's booked. Is there anything else you need, right?",
                "C: Yes.",
            ),
            "fail",
        ),
    ],
)
def test_confirm_need_a_wish_restated(lines: tuple[str, ...], expected: str) -> None:
    assert status("confirm_need", *lines, "A: Okay.", "C: Okay.") == expected


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        # a wish opening a tagged restatement, no "so you" before it
        ("A: You need the brown water from your tap sorted, yes?", "pass"),
        # a restatement after an apology: the opener mid-turn, in the agent's own words
        (
            "A: Oh, I'm sorry to hear that, what a pain. So the supply is discoloured and you'd "
            "like it fixed, is that right?",
            "pass",
        ),
        # a question word that answers (the correct address) leaves the tag to ask
        (
            "A: So the water's brown since the works and you'd like a crew at the correct address, "
            "yes?",
            "pass",
        ),
    ],
)
def test_confirm_need_restatement_shapes(agent: str, expected: str) -> None:
    assert status("confirm_need", NEED, agent, "C: Yes.", "A: Okay.", "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A restatement whose question mark recognition lost: the caller's yes says it was asked.
        (
            (
                "A: So you're saying your water's been brown since yesterday, after the works.",
                "C: Yes.",
            ),
            "pass",
        ),
        (
            (
                "A: Let me make sure I understand. Your water's brown since the crew dug up.",
                "C: Yeah, exactly.",
            ),
            "pass",
        ),
        # the caller saying no, or no restatement opener: nothing confirmed
        (
            (
                "A: So you're saying your water's been brown since yesterday, after the works.",
                "C: No, it's the neighbours' water.",
            ),
            "fail",
        ),
        (("A: The crew dug up your street yesterday and the water went brown.", "C: Yes."), "fail"),
        # only in the agent's first turns: later, a remark the caller agrees with is an answer
        (
            (
                "A: Let me look at the works log.",
                "C: Okay.",
                "A: Right, got it.",
                "C: Okay.",
                "A: So your street's water was brown since the crew's works yesterday.",
                "C: Yes.",
            ),
            "fail",
        ),
    ],
)
def test_confirm_need_asked_by_the_answer(lines: tuple[str, ...], expected: str) -> None:
    assert status("confirm_need", NEED, *lines, "A: Okay.", "C: Okay.") == expected


def test_confirm_need_question_in_its_own_turn() -> None:
    lines = ("A: Brown water since yesterday, after the crew dug up your street.", "C: Mm.",
             "A: Is that right?", "C: Yes.")  # fmt: skip
    assert status("confirm_need", NEED, *lines, "A: Okay.", "C: Okay.") == "pass"


@pytest.mark.parametrize(
    "line",
    [
        "C: I had a scan two weeks ago and nobody's wrung me about the results.",
        "C: Yoo lost my suitcase on the flight home.",
        "C: Nobody's cum to read the meter.",
    ],
)
def test_a_complaint_heard_through_homophones_of_its_words_is_still_one(line: str) -> None:
    """The recogniser may write any spelling of a word's sound (wrung, cum, yoo): the cue words
    are matched through their homophones, so the complaint still owes an apology."""
    assert status("apology", line, "A: Let me look into that.") == "fail"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # praise the caller thanks the agent with is sincere; with no thanks after bad news,
        # sarcasm
        (("C: Is the branch open Saturday?", "A: Yes, nine till noon.",
          "C: Oh brilliant, thank you so much."), "na"),
        (("C: Is my refund through?", "A: Not yet, it's stuck.", "C: Oh brilliant."), "fail"),
        # a caller who finds the fault their own once told the cause takes the complaint back
        (("C: You people cut off my phone, I paid last month!",
          "A: The payment went to another number ending 3381.",
          "C: Oh no, my bad, I typed the number wrong."), "na"),
        # calm reports of the organisation's doing: a service missed, the wrong thing sent, a
        # colleague's error, a bill for a time the caller was not there
        (("C: Our recycling bin wasn't emptied yesterday.", "A: Address, please?"), "fail"),
        (("C: Instead of the paneer they've sent chicken tikka.", "A: Okay."), "fail"),
        (("C: Your colleague spelt my husband's surname wrong on the booking.", "A: Okay."),
         "fail"),
        (("C: I got a bill for January to March and I wasn't even living there then.",
          "A: Okay."), "fail"),
        # ... but not the caller's own spelling
        (("C: I've spelled my own name wrong on the booking.", "A: That's easily fixed."), "na"),
        # a name the caller gave, echoed, is no apology
        (("C: Do you stock the Sorry Not Sorry mugs?", "A: Sorry Not Sorry mugs are in stock."),
         "na"),
        (("C: The Sorry For The Inconvenience card you sent me arrived torn.",
          "A: Sorry for the inconvenience card, let me look."), "fail"),
        # the agent finding the organisation's error in its own words, where the caller named
        # none: a reading keyed in wrong, an old address still on file
        (("C: My bill is four hundred dollars, it's usually about one forty.",
          "A: The reading was keyed in as 19352. I've fixed the bill."), "fail"),
        (("C: The check never reached me.",
          "A: The claims system still had the old address on it. I'll reissue it."), "fail"),
        # ... not a correction the caller asked for
        (("C: I've moved house.", "A: I've updated the address on your account."), "na"),
        # a cue written with an optional space (rip ?off) matches either spelling
        (("C: That fee is a rip off.", "A: It is the standard fee."), "fail"),
        (("C: That fee is a ripoff.", "A: It is the standard fee."), "fail"),
        # trouble right after the organisation's own work, a contractor's doing, a substitute
        # nobody agreed to
        (("C: After the brake job there's a grease smudge on the driver's seat.",
          "A: Try an upholstery cleaner."), "fail"),
        (("C: Your meter reader was out yesterday and left the side gate open.",
          "A: I'll pass it on."), "fail"),
        (("C: My delivery came. There were no eggs in it and the milk has been swapped for"
          " oat milk.", "A: I've refunded both."), "fail"),
        # ... but a thing the agent says is not the organisation's owes none
        (("C: The street light you put in on our road keeps flickering.",
          "A: Street lights aren't us, that's the county."), "na"),
        (("C: The street light you put in on our road keeps flickering.",
          "A: I'll report it."), "fail"),
    ],
)  # fmt: skip
def test_apology_reads_the_callers_words_in_context(lines: tuple[str, ...], expected: str) -> None:
    assert status("apology", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        # calls chased twice, a charge that kept coming, a wait counted in hours, sarcasm about
        # the care taken, a device that defeats its point
        ("C: I've called twice and each time they say it's waiting on a part.", "fail"),
        ("C: I moved out in January and you've kept charging me for February and March.", "fail"),
        ("C: It's been an hour and forty minutes and the app still says nearby.", "fail"),
        ("C: Eleven thousand for my Civic. I'm sure you guys ran the numbers really carefully.",
         "fail"),
        ("C: So I'm getting estimated bills again, which rather defeats the point.", "fail"),
        # reports of a thing of ours: a parcel not here, a meter silent since February
        ("C: I ordered from you guys, it said delivered on Monday. It isn't here.", "fail"),
        ("C: The smart meter you fitted hasn't sent a reading since the end of February.",
         "fail"),
        # a till that rang something twice is no caller calling twice
        ("C: Your cashier rung it through twice by mistake, I think.", "na"),
    ],
)  # fmt: skip
def test_complaints_and_reports_in_words_no_list_had(caller: str, expected: str) -> None:
    assert status("apology", caller, "A: Okay.", "C: Right.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: Did you not read it? It's in the envelope with the letter.", "fail"),
        ("A: I see the payment came in two days late. We can't waive it.", "fail"),
        ("A: We can't waive that, but I can split it over your next three bills.", "pass"),
        ("A: Scheduling isn't us, that's the delivery company's department.", "fail"),
        ("A: We're not in a position to raise limits on the phone.", "fail"),
        ("A: We're not in a position to confirm yet, I'll call you Friday.", "pass"),
        (
            "A: If it's on your account, it's on your account. Can't do anything about that one.",
            "fail",
        ),
        ("A: Limits are set by our risk team and that's final.", "fail"),
        ("A: Honestly that's not really in our hands, it's their engineers.", "fail"),
        ("A: Nah, can't do that one.", "fail"),
        ("A: Well, that's kind of your own problem.", "fail"),
        ("A: Depot sets the routes. Not a lot I can do from this desk.", "fail"),
        ("A: That one not under us lah. You go and ask Google yourself.", "fail"),
        ("A: Cannot. Once the order is shipped, the address cannot be changed.", "fail"),
        ("A: Yes. Not possible, madam. Meters in your area cannot be shifted.", "fail"),
        ("A: Can't do Sundays.", "fail"),
        ("A: No, we don't waive late fees.", "fail"),
        ("A: Ah, I haven't a clue, to be honest.", "fail"),
        ("A: I have no way of knowing when, honestly.", "fail"),
        ("A: Substitutions are really the shopper's call, not ours.", "fail"),
        ("A: We don't do recalls.", "fail"),
        ("A: The system won't let me.", "fail"),
        ("A: The system won't let me change the limit, but I can send you the form.", "pass"),
        ("A: I can't chase it from here, it's with the depot.", "fail"),
        ("A: We don't get involved in disputes between residents.", "fail"),
        ("A: That's not handled by us, that's retention.", "fail"),
        ("A: The surgical team decide that, we've got nothing to do with it here.", "fail"),
        ("A: Refunds are their department.", "fail"),
        ("A: Honestly, that's the other insurer's headache, not ours.", "fail"),
        ("A: Look, I'm not going to ring round the depot for one parcel.", "fail"),
    ],
)
def test_refusals_of_a_fee_and_of_the_job(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a time hoped for is no promise: the vague words beside it stay open
        (("A: I'll chase the contractor and someone will be in touch.", "C: When?",
          "A: Should be this week, hopefully."), "fail"),
        (("A: I'll chase the contractor and someone will be in touch.", "C: When?",
          "A: Should be this week, hopefully. They're quite busy."), "fail"),
        (("A: The engineer will be there by noon tomorrow, hopefully sooner.",), "pass"),
        # a phone number read out digit by digit is no time to call at
        (("A: I'll check with the brokerage team and call you back once I hear.",
          "C: When will that be?", "A: As soon as they reply. I'll call you at 647 555 0193."),
         "fail"),
        # a side matter the caller waves aside leaves the main promise standing
        (("A: Your sixty thousand miles will be back within seventy-two hours.",
          "C: And the taxes?", "A: Our refund department will take care of that at some point.",
          "C: Fine, it's five bucks. As long as I get the miles."), "pass"),
        # a fee about which the agent turns to another team after the main promise: an aside
        (("A: The technician will be there by Thursday at 1 pm. About the replacement fee, "
          "I'll refer that to billing, they'll let you know.",), "pass"),
        (("A: The technician will be there by Thursday at 1 pm. About the listing, we'll look "
          "into the seller and get back to you.",), "fail"),
        # delivery or a visit promised with no time, in the agent's plain words
        (("A: I've raised a fresh request. It will come to your email, just wait for our "
          "mail.",), "fail"),
        (("A: Rider is stuck, he'll come.",), "fail"),
        (("A: It's in the queue. Someone'll get out there.",), "fail"),
        (("A: I'll ask the practice manager to check the bill and she'll get back to you.",),
         "fail"),
        (("A: Put \"third party authority\" in the subject line and it'll come straight to me.",),
         "na"),
    ],
)  # fmt: skip
def test_follow_up_time_hopes_numbers_and_asides(lines: tuple[str, ...], expected: str) -> None:
    assert status("follow_up_time", "C: I need this sorted.", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the caller's own card or phone number said back in full is read out; an order
        # number asked for, or a tracking number the caller named so, said back to check it
        # is not
        (("A: Go ahead with the new card number.", "C: 5412 7730 0981 2264.",
          "A: Let me read that back: 5412 7730 0981 2264."), "fail"),
        (("A: What's the best number to reach you?", "C: 647 555 0193.",
          "A: That's 647 555 0193, right?"), "fail"),
        (("A: What's your order number?", "C: 1143 3206 6197 2210.",
          "A: That's 1143 3206 6197 2210, right?"), "pass"),
        (("C: The tracking number's SWL 4471 9902 3.",
          "A: SWL 4471 9902 3, thank you, let me look."), "pass"),
        # a card given after saying there is no order number is no reference
        (("C: I don't have the order number, but it was on my Visa, 4532 7710 2298 4456.",
          "A: Let me repeat the card, 4532 7710 2298 4456."), "fail"),
        # a password or a lock's master code asked for
        (("A: And what was the password you were using before it got changed?",), "fail"),
        (("A: What's the master code for the lock? I'll need it to run a reset.",), "fail"),
        # a wallet's recovery words asked for
        (("A: Okay, read me the twelve words slowly and I'll check them.",), "fail"),
        (("A: Never read your recovery phrase to anyone, we will never ask for it.",), "pass"),
    ],
)  # fmt: skip
def test_privacy_numbers_said_back_and_codes_asked(lines: tuple[str, ...], expected: str) -> None:
    assert status("privacy", "C: I need some help.", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("C: My neighbour's on holiday and asked me to watch for a parcel for her.",
          "A: Here it is: Mrs Patel, 18 Dunmow Road. It was signed for by a Mr Harris at number "
          "20, and the contact number on it is 07700 900217."), "fail"),
        (("C: Hi, this is Gavin from a recruiter. One of your tenants gave you as a reference.",
          "A: Yeah, she's been a bit behind on the rent, two months last spring."), "fail"),
        (("C: My husband was in to see a doctor this week. Can you tell me what it was about?",
          "A: He saw Dr Shah on Tuesday about some chest pains."), "fail"),
        (("C: I'm picking up for my mom tomorrow. What's ready?",
          "A: Dolores has her lisinopril and her metformin, both ready to go."), "fail"),
        (("C: I'm checking on my husband's life policy.",
          "A: It's active, and the beneficiary listed is his mother."), "fail"),
        (("C: My dad's car is in with you for a repair.",
          "A: He approved the estimate Tuesday, and the deposit went on his Visa ending 3316."),
         "fail"),
        # the caller's own codes and numbers asked for in a list
        (("A: Kindly read out the OTP for verification.",), "fail"),
        (("A: And your full passport number, please, for the claim.",), "fail"),
        (("A: Can I get the full number of the bank card you top up with?",), "fail"),
    ],
)  # fmt: skip
def test_someone_elses_details_in_other_words(lines: tuple[str, ...], expected: str) -> None:
    assert status("privacy", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # gone quiet after "let me see": the caller's hello stands for the hold never asked
        (("A: Let me see.", "C: Hello?", "A: Yeah, you can pay fifty by Friday."), "fail"),
        # the line breaking up, before the hello or in answer to it
        (("A: Sorry, you're breaking up.", "C: Hello?", "A: Please call back."), "na"),
        (("A: Go ahead.", "C: Hello?", "A: I can't hear you, I'm afraid."), "na"),
        # hang on to the invoice: keep it, no hold
        (("A: Hang on to the plumber's invoice, as we'll cover that too.",), "na"),
        # a button held, a wallet that can hold money, a fine put on hold: no hold of the call
        (("A: Turn Bluetooth off, then hold the button on the case for five seconds.",), "na"),
        (("A: It's 1,000 per payment, and the wallet can hold up to 5,000.",), "na"),
        (("A: I've lodged a review, and the fine's on hold until it's decided.",), "na"),
        # "please hold the line" is a hold, asked with its reason
        (("A: Please hold the line, ma'am, I'll check with the restaurant.", "C: Okay.",
          "A: Thanks for waiting. It's packed and leaves in ten minutes."), "pass"),
    ],
)  # fmt: skip
def test_hold_a_callers_hello_and_a_thing_kept(lines: tuple[str, ...], expected: str) -> None:
    assert status("hold_etiquette", "C: I have a question.", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(("needs_cause", "expected"), [(False, "pass"), (True, "na")])
def test_sympathy_with_no_report_is_what_the_pack_says(needs_cause: bool, expected: str) -> None:
    script = book().get("billing-en")
    pack = rules_only(apply_overrides(load_pack(script.lang), script.checker))
    apology = pack.rules["apology"].model_copy(update={"apology_needs_cause": needs_cause})
    with_setting = pack.model_copy(update={"rules": {**pack.rules, "apology": apology}})
    lines = ("C: A tree fell on my fence in the storm.", "A: I'm sorry to hear that.")
    transcript = render(call(GREETING, *lines, "C: Okay.", GOODBYE, language="en"))
    assert check_call(transcript, script, with_setting).finding("apology").status == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a text promised for when it is done, with no time for the doing
        (("A: I've submitted the upgrade, you'll get an SMS once it's activated.",), "fail"),
        (("A: Okay, I'll get the driver to move it over.",), "fail"),
        # the caller asking for a number of days or a date, answered with none
        (("A: It'll be reversed to your bank.", "C: How many days usually?",
          "A: It's automatic, sir."), "fail"),
        (("A: We'll let you know once your old carrier confirms.", "C: Can you give me a date?",
          "A: It's out of our hands."), "fail"),
        (("A: It'll be reversed to your bank.", "C: How many days usually?",
          "A: Within three working days, by Friday."), "pass"),
    ],
)  # fmt: skip
def test_follow_up_time_a_text_when_done_or_a_date_asked_for(
    lines: tuple[str, ...], expected: str
) -> None:
    assert status("follow_up_time", "C: My recharge failed.", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: Honestly, that's not really our side, it's the manufacturer.", "fail"),
        ("A: The packing is on the restaurant's side, not ours.", "fail"),
        ("A: We don't do courtesy cars.", "fail"),
        ("A: Fees are fees.", "fail"),
        ("A: You'd be better off going through your own insurer.", "fail"),
        ("A: That's above my pay grade.", "fail"),
        ("A: Refunds? You'll have to wait like everyone else.", "fail"),
        # what cannot be done, with the way on in the same turn
        ("A: We can't reverse it directly, but I've sent a refund request to the shop.", "pass"),
        ("A: If we can't change it online, I'll call the hotel for you.", "pass"),
    ],
)
def test_refusals_said_plainly(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


def test_a_report_past_the_time_the_organisation_gave_owes_an_apology() -> None:
    caller = (
        "C: The letter said our deposit would come back within two weeks. That was six weeks "
        "ago and we've had nothing."
    )
    assert status("apology", caller, "A: Let me look into that for you.", "C: Okay.") == "fail"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # someone else's money or stay told in words no list had
        (("C: My husband's got a line of credit with you, he asked me to check it.",
          "A: His next payment of $185 is due on the 22nd."), "fail"),
        (("C: I'm calling about my mum, Patricia Walsh.",
          "A: Her state pension of 812 pounds went in this morning."), "fail"),
        (("C: My son's account is in his name.", "A: Yep, he owes $212 on it."), "fail"),
        (("C: I'm calling for my wife, she's a guest with you.",
          "A: She's staying until Friday, room 1817."), "fail"),
        # a check before the telling clears it; one after it takes nothing back
        (("C: I'm calling about my mum's pension.",
          "A: Are you named on the account as her attorney?", "C: Yes, I am.",
          "A: Her state pension of 812 pounds went in this morning."), "pass"),
        (("C: I'm calling about my mum's pension.",
          "A: Her state pension of 812 pounds went in this morning.", "C: Great.",
          "A: Actually, are you named on the account?"), "fail"),
        # the agent's own colleague, not the person asked about
        (("C: I'm calling about my mum's pension.",
          "A: She'll email you her decision by Thursday."), "pass"),
    ],
)  # fmt: skip
def test_someone_elses_money_and_stay_told(lines: tuple[str, ...], expected: str) -> None:
    assert status("privacy", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: We can't.", "fail"),
        ("A: That operator doesn't allow date change, it's a non-changeable fare. Cannot.", "fail"),
        ("A: That's not really something I can look at over the phone.", "fail"),
        # what we cannot do, asked as a condition or with the way on
        ("A: We can't do it online, but I can book it for you now.", "pass"),
        ("A: Tell me if we cannot.", "pass"),
    ],
)
def test_refusals_in_one_word(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    "caller",
    [
        "C: You quoted me 1,450 a bag and charged 1,620. This is cheating.",
        "C: I'm your customer for eight years and I'll be calling your manager.",
    ],
)
def test_cheating_and_the_manager_are_complaints(caller: str) -> None:
    assert status("apology", caller, "A: Prices changed on the 1st.", "C: Okay.") == "fail"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # bank details or an ID number read out under their name, below read_out's digit count
        ("A: I've got sort code 30-92-16, account number 55102398, is that right?", "fail"),
        ("A: The refund goes to the account on file, 71408239, on Friday.", "fail"),
        ("A: And your licence is W 4471 0932, correct?", "fail"),
        ("A: I have your passport number as N 8124409 on the booking.", "fail"),
        # the last four, or a reference of the organisation's, read out
        ("A: That's the account ending 2398, is that right?", "pass"),
        ("A: Your claim number is 44 10 29 83.", "pass"),
    ],
)
def test_bank_details_and_id_numbers_read_out(line: str, expected: str) -> None:
    assert status("privacy", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a full ID number asked for without "tell me" or "give me"
        ("A: Full passport number and date of birth.", "fail"),
        ("A: Can I have your full NHS number please?", "fail"),
        ("A: What password have you been entering? I'll compare it with ours.", "fail"),
        # nothing asked: the password the caller will use, a PIN in the post
        ("A: The statement is password protected; the password is your postcode.", "pass"),
        ("A: Your new card and PIN will come separately within five days.", "pass"),
    ],
)
def test_secrets_asked_in_few_words(line: str, expected: str) -> None:
    assert status("privacy", "C: I need some help.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # someone else's money, test results or whereabouts told, in words no list had
        (("C: I'm calling for my dad, I want to check the water bill went out.",
          "A: Yes, 96 dollars was paid with his Visa on the fourth."), "fail"),
        (("C: My wife had a scan last week, I'm ringing on her behalf.",
          "A: The scan came back clear and the consultant is happy."), "fail"),
        (("C: My brother is flying with you tonight, I'm calling for him.",
          "A: Mr Kerr has seat 23A on that flight."), "fail"),
        (("C: Calling about my son, I need to post him a parcel.",
          "A: We have him at 14 Albion Road since March."), "fail"),
        # a room or an address the caller gave, said back: nothing told
        (("C: Calling about my mum, she's in room 14 and it's freezing.",
          "A: I'll send someone to room 14 this afternoon."), "pass"),
        # the caller's own results
        (("C: I'm calling for my dad's appointment, and my own results.",
          "A: Your results came back normal."), "pass"),
    ],
)  # fmt: skip
def test_someone_elses_money_results_and_whereabouts_told(
    lines: tuple[str, ...], expected: str
) -> None:
    assert status("privacy", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: That's really the landlord's side rather than ours.", "fail"),
        ("A: That's maintenance, not me.", "fail"),
        ("A: To be honest, I wouldn't be sure what's causing it.", "fail"),
        ("A: It's not really something I can look up, the manager does those.", "fail"),
        ("A: No, there aren't exceptions.", "fail"),
        ("A: Then you'll have to figure something out.", "fail"),
        ("A: That's the process.", "fail"),
        # the agent working something out with the caller, or a process explained
        ("A: Leave it with me and we'll sort something out for you today.", "pass"),
        ("A: That's the process we follow, and I'll start it for you now.", "pass"),
    ],
)
def test_refusals_passed_on_or_left_at_the_process(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: I have a question.", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a record of the call sent on a time does not time what the caller waits for
        (("A: Your transfer is with our transfers team; they'll be in touch once it's processed.",
          "C: That's what I was told in March.",
          "A: What I'll do is email you a summary of today's call within the hour."), "fail"),
        (("A: I've chased the contractor and they'll be in touch to rebook you. I'll text you "
          "the job number within the next ten minutes so you've got it.",), "fail"),
        # the same paper beside a concrete main promise, or the main promise timed after vague
        # words
        (("A: The engineer will be with you tomorrow between 8 and 12. I'll text you the job "
          "number within ten minutes.",), "pass"),
        (("A: We'll be in touch about it. The refund will be back on your card by Friday.",),
         "pass"),
    ],
)  # fmt: skip
def test_a_record_sent_on_a_time_is_a_side_matter(lines: tuple[str, ...], expected: str) -> None:
    asked = "C: I'm waiting on my claim."
    assert status("follow_up_time", asked, *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a time hedged by "or so" or "hopefully" after it: no promise
        ("A: The statement should arrive in a week or so.", "fail"),
        ("A: They'll be back round in the next day or two.", "fail"),
        ("A: It should be on your account by tomorrow, hopefully.", "fail"),
        ("A: Depends how busy billing is, it'll be on one of your upcoming bills.", "fail"),
        # a concrete time
        ("A: It will be on your account by tomorrow at noon.", "pass"),
    ],
)
def test_hedged_times_promise_nothing(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: When will my refund come?", line, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the caller's guess about someone else confirmed or corrected
        (("C: My neighbour Colin was taken in this morning. He's on Ward 7, isn't he?",
          "A: Let me check, could you hold a moment?", "C: Sure.",
          "A: Thanks for holding. Yes, Mr Colin Varley, he's comfortable, they're keeping "
          "him in."), "fail"),
        (("C: Hi, I'm his mom's boyfriend, I'm grabbing Jayden today. It's still his dad doing "
          "Thursday pickups, right at 3:15?",
          "A: Jayden Cole, yeah, dad's down for Thursdays at the side gate."), "fail"),
        (("C: I'm Margaret Pell's grandson. Mum reckons Nan had a fall, did she have a fall?",
          "A: Oh Margaret, yeah, she did, Tuesday night."), "fail"),
        # the caller's authority checked first, or a yes that only agrees to help
        (("C: My husband Derek is on Ward 9, he's going home tomorrow, right?",
          "A: I can only share that with his next of kin. Are you his next of kin?",
          "C: Yes, I am.", "A: Thank you. Yes, he's on the discharge list for tomorrow."), "pass"),
        (("C: My neighbour's parcel is coming today, isn't it? She asked me to get it.",
          "A: Yes, I can help with that, but I can only discuss it with her."), "pass"),
    ],
)  # fmt: skip
def test_a_guess_about_someone_else_confirmed(lines: tuple[str, ...], expected: str) -> None:
    assert status("privacy", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the state of someone else's pay, account or cover told
        (("C: I'm calling about my husband's account, Prakash Rao, he asked me to check his "
          "salary got credited.",
          "A: Yes ma'am, the salary of 86,400 was credited on the first and the available "
          "balance is 1,12,560."), "fail"),
        (("C: It's about my daughter's car insurance, Chloe Martin, her renewal's coming up.",
          "A: Right, I've found Chloe, the policy renews on the third of next month."), "fail"),
        (("C: My son's a student with you, Jack, I want to know if he's passed everything.",
          "A: Sure, it's on my screen, he's passed three units but failed thermodynamics."),
         "fail"),
        (("C: I'm ringing for my husband Colin, he had bloods done last week.",
          "A: Right, they're back, his cholesterol's come back at six point eight."), "fail"),
        (("C: Hi, my son Eoin's a member with you, I'm trying to sort out his bits.",
          "A: Yes, Eoin's account is still open, with a bit over two thousand in savings."),
         "fail"),
        # a refusal that goes on to tell, and the words of a leak
        (("C: My sister-in-law Karen Doyle was brought in this morning, is it her heart?",
          "A: I'm afraid I can't tell you the diagnosis, but yes, she's on Ward 5."), "fail"),
        (("C: My neighbour across the road parks in the disabled bay every day, is her badge "
          "even valid?",
          "A: I can't discuss anyone's badge with you, but between us, that badge expired in "
          "March."), "fail"),
        (("C: One of my lads, Gary Hinds, says he's been in with you since Monday.",
          "A: Right, we've got no record of a Gary Hinds being admitted this week."), "fail"),
        # a refusal that stops there, or the caller's own matter
        (("C: My son's got his own policy with you, I want to make sure it's active.",
          "A: I'm sorry, I can't discuss his policy, he'd need to call us himself."), "pass"),
        (("C: I'd like to check my own balance please.",
          "A: Of course, your available balance is 2,300."), "pass"),
    ],
)  # fmt: skip
def test_someone_elses_account_state_or_a_leak_after_a_refusal(
    lines: tuple[str, ...], expected: str
) -> None:
    assert status("privacy", *lines, "C: Okay.") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # paper of the call sent on a time: a link, a pack, a voucher, any named form
        (("A: The baggage team will contact you once it's traced. I'll text you a tracking "
          "link in the next ten minutes.",), "fail"),
        (("A: They'll get back to you. I'll post you the income and expenditure form, it'll "
          "be with you by Friday.",), "fail"),
        (("A: They'll be in touch once it's done. I'll email you a welcome pack within the "
          "hour.",), "fail"),
        # the caller's own form timed after vague words: the promise
        (("A: Once we have the form back from you, our assessors will give you a decision "
          "within ten working days.",), "pass"),
        # a maybe of a contact after the main promise: no promise, nothing left open
        (("A: The new pair will be with you by Thursday.",
          "A: We might send you a short survey at some point."), "pass"),
        # a maybe of something else: the vague promise after it is still open
        (("A: The engineer is booked for Monday between one and five. They might need a new "
          "gasket, so we'll let you know when that comes in.",), "fail"),
    ],
)  # fmt: skip
def test_paper_and_maybes_beside_the_main_promise(lines: tuple[str, ...], expected: str) -> None:
    asked = "C: I'm waiting on my claim."
    assert status("follow_up_time", asked, *lines, "C: Okay.") == expected
