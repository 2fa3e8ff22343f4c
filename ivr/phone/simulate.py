"""`ivr simulate`: walk the phone tree as a caller, through the real app with signed requests.

Prints what the caller hears at each step and answers each menu with the next `--input` (keys
such as 1, 9, * or words such as 维修), or asks on the terminal when no input was scripted.
Queues, agent legs and voicemail play out as if an agent answered (`--agent`) or nobody did.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn
from urllib.parse import parse_qs, urljoin, urlsplit

import click
from flask import Flask
from flask.cli import ScriptInfo, pass_script_info
from flask.testing import FlaskClient

from ivr.phone.twiml import url
from ivr.phone.webhooks import CLOCK
from ivr.twilio_auth import sign

KEYS = re.compile(r"[0-9*#]+")
HOLD_STEP = 60  # seconds of queue time each simulated round of hold music stands for
MAX_STEPS = 200  # a phone tree that loops forever is a bug worth stopping, not a hang


class CallOver(Exception):
    """The simulated call has ended."""


@dataclass
class Walk:
    """One simulated call against an app: Twilio's side of the conversation."""

    app: Flask
    to: str
    caller: str
    inputs: deque[str] | None  # None: ask on the terminal
    agent_answers: bool = True
    show_twiml: bool = False
    sid: str = field(default_factory=lambda: "CA" + secrets.token_hex(16))
    steps: int = 0
    queue_time: int = 0

    def __post_init__(self) -> None:
        settings = self.app.extensions["ivr"].settings
        self.token = settings.twilio_auth_token
        self.base = settings.public_base_url or "http://localhost"
        self.client: FlaskClient = self.app.test_client()

    def post(self, target: str, caller: str | None = None, **params: str) -> ET.Element:
        """POST to a webhook as Twilio would, signed; returns the parsed TwiML."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise click.ClickException(f"more than {MAX_STEPS} webhook requests: the tree loops")
        form = {"CallSid": self.sid, "To": self.to, "From": caller or self.caller, **params}
        form.update(Direction="inbound", CallStatus="in-progress")
        path = urljoin("/voice", target)
        headers = {"X-Twilio-Signature": sign(self.token, self.base + path, form)}
        response = self.client.post(path, data=form, headers=headers)
        if response.status_code != 200:
            raise click.ClickException(f"POST {path} answered {response.status_code}")
        if self.show_twiml:
            click.secho(f"POST {path}\n{response.get_data(as_text=True)}", fg="blue")
        return ET.fromstring(response.data)

    def run(self) -> None:
        try:
            self.follow(self.post("/voice"))
        except CallOver as end:
            click.echo(f"-- {end}")

    def follow(self, document: ET.Element) -> NoReturn:
        """Play a TwiML document verb by verb; verbs that move the call never return."""
        for verb in document:
            handler = getattr(self, f"on_{verb.tag.lower()}", None)
            if handler is None:
                click.echo(f"   ({verb.tag} is not simulated)")
                continue
            handler(verb)
        raise CallOver("the TwiML ends: Twilio hangs up")

    def hear(self, verb: ET.Element) -> None:
        if verb.tag == "Say":
            click.echo(f"caller hears: {verb.text}")
        elif verb.tag == "Play":
            click.echo(f"caller hears audio: {verb.text} (x{verb.get('loop', '1')})")
        elif verb.tag == "Pause":
            click.echo(f"caller hears silence: {verb.get('length', '1')} s")

    on_say = on_play = on_pause = hear

    def on_gather(self, gather: ET.Element) -> None:
        for verb in gather:
            self.hear(verb)
        choice = self.next_input()
        if not choice:
            click.echo("caller says nothing")
            return  # Twilio goes on with the verb after <Gather>
        pressed = KEYS.fullmatch(choice) is not None
        click.echo(f"caller {'presses' if pressed else 'says'}: {choice}")
        key = "Digits" if pressed else "SpeechResult"
        self.follow(self.post(gather.get("action", ""), **{key: choice}))

    def next_input(self) -> str:
        if self.inputs is None:
            return click.prompt("keys or words (Enter: silence)", default="", show_default=False)
        if not self.inputs:
            raise CallOver("no more --input: the caller hangs up")
        return self.inputs.popleft()

    def on_redirect(self, verb: ET.Element) -> None:
        self.follow(self.post(verb.text or ""))

    def on_hangup(self, _verb: ET.Element) -> None:
        raise CallOver("hang up")

    def on_record(self, verb: ET.Element) -> None:
        click.echo("caller hears a beep and leaves a message")
        self.follow(
            self.post(
                verb.get("action", ""),
                RecordingUrl="https://api.twilio.com/simulated/RE0",
                RecordingDuration="12",
                Digits="#",
            )
        )

    def on_enqueue(self, verb: ET.Element) -> None:
        click.echo(f"caller waits in queue {verb.text!r}")
        action = verb.get("action", "")
        if not self.hold(verb.get("waitUrl", "")):
            self.follow(self.post(action, QueueResult="leave", QueueTime=str(self.queue_time)))
        self.agent_takes(verb.text or "", department(action))
        self.follow(self.post(action, QueueResult="bridged", QueueTime=str(self.queue_time)))

    def hold(self, wait_url: str) -> bool:
        """Rounds of the wait URL until an agent comes (True) or the caller must leave (False)."""
        self.queue_time = 0
        for rounds in range(MAX_STEPS // 2):
            document = self.post(wait_url, QueueTime=str(self.queue_time), QueueSid="QU0")
            if any(v.tag == "Leave" for v in document):
                click.echo(f"caller leaves the queue after {self.queue_time} s")
                return False
            if rounds == 0:
                for heard in document:
                    self.hear(heard)
            if self.agent_answers:
                return True
            self.queue_time += HOLD_STEP
        raise click.ClickException("the queue never lets the caller go")

    def agent_takes(self, queue: str, department_id: str) -> None:
        """An agent of the department dials the queue; the caller hears the <Queue url>."""
        agents = self.app.extensions["ivr"].scripts.get(department_id).agents
        if not agents:
            raise click.ClickException(f"{department_id} has no agents to take the call")
        click.echo(f"an agent ({agents[0]}) takes the call from queue {queue!r}")
        leg = self.post(url("/voice/agent", department=department_id), caller=agents[0])
        dial, queue_noun = leg.find("Dial"), leg.find("Dial/Queue")
        if dial is None or queue_noun is None:
            raise click.ClickException(f"the agent leg dials no queue: {ET.tostring(leg)!r}")
        click.echo(f"agent leg: <Dial record={dial.get('record')!r}> to queue {queue!r}")
        for verb in self.post(queue_noun.get("url", ""), QueueTime=str(self.queue_time)):
            self.hear(verb)
        click.echo("caller and agent talk (recorded)")

    def on_dial(self, verb: ET.Element) -> None:
        targets = ", ".join(f"{n.tag} {n.text}" for n in verb)
        click.echo(
            f"rings: {targets} (record={verb.get('record')}, timeout {verb.get('timeout')} s)"
        )
        status = "completed" if self.agent_answers else "no-answer"
        click.echo("an agent answers; they talk (recorded)" if self.agent_answers else "no answer")
        self.follow(self.post(verb.get("action", ""), DialCallStatus=status))

    def on_leave(self, _verb: ET.Element) -> None:
        raise CallOver("the caller leaves the queue")


def department(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("department", [""])[0]


def parse_moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not ISO 8601, e.g. 2026-11-23T21:30+08:00") from exc
    return moment if moment.tzinfo else moment.astimezone()


@click.command()
@click.option(
    "--to", "to", default="", help="The dialed number (unknown numbers: the default department)."
)
@click.option("--from", "caller", default="+8613800138000", show_default=True, help="Caller ID.")
@click.option(
    "--input", "-i", "inputs", multiple=True, help="Keys or words, one per menu, in order."
)
@click.option("--twiml", is_flag=True, help="Show the raw TwiML of every step.")
@click.option(
    "--agent/--no-agent",
    default=True,
    show_default=True,
    help="Whether an agent takes the call in the queue and answers the agent leg.",
)
@click.option(
    "--at", "at", default=None, help="Pretend it is this time (ISO 8601), e.g. after hours."
)
@pass_script_info
def simulate(
    info: ScriptInfo,
    to: str,
    caller: str,
    inputs: tuple[str, ...],
    twiml: bool,
    agent: bool,
    at: str | None,
) -> None:
    """Walk the phone tree as a caller would, through the real app."""
    app = info.load_app()
    moment = parse_moment(at)
    if moment is not None:
        app.config[CLOCK] = lambda: moment
    Walk(
        app,
        to=to,
        caller=caller,
        inputs=deque(inputs) if inputs else None,
        agent_answers=agent,
        show_twiml=twiml,
    ).run()
