"""TwiML for every step of a call, built from a department script and the call's state.

Pure functions: no Flask, no clock, no files. The webhooks pass in what they know (the time of
day as `open_now`, which prompt files exist as `audio`) and return what these functions build.
URLs are relative: Twilio resolves them against the public URL it called, so they stay right
behind a proxy or tunnel.

`caller` is the caller's number (Twilio's `From` on the caller's own call). Recording callbacks
carry it in their URL because Twilio's recording status callback does not post `From`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from ivr.phone.menu import choose, hints, wants_back
from ivr.phone.state import CallState
from ivr.scripts import DEFAULT_VOICE, DepartmentScript, Menu, MenuAction, MenuOption, PhraseName

RECORDINGS_CALLBACK = "/recordings/callback"
RECORDING_EVENTS = "completed absent"  # a string: twilio-python renders lists with str(list)
VOICEMAIL_MAX_SECONDS = 120
GATHER_TIMEOUT = 5
HOLD_LOOPS = 3  # hold audio repeats around each hold phrase
# Twilio speech recognition names Mandarin by script and region, not zh-CN.
GATHER_LANGUAGE = {"zh-CN": "cmn-Hans-CN", "en-US": "en-US"}
LAST_RESORT = {
    "zh-CN": "非常抱歉，系统暂时出现故障，请您稍后再拨。",
    "en-US": "We are sorry, something went wrong. Please call again later.",
}
# Dial statuses after which the agent leg is over; anything else means nobody answered.
ANSWERED = frozenset({"completed", "answered"})


@dataclass(frozen=True)
class Announcer:
    """Speaks a script's phrases: its audio file with <Play> when one exists, else <Say>."""

    script: DepartmentScript
    audio: Callable[[str], str | None] = lambda _name: None  # file name -> URL, None if missing

    def speak(self, node: VoiceResponse | Gather, phrase: PhraseName) -> None:
        name = self.script.audio.get(phrase)
        url = name and self.audio(name)
        if url:
            node.play(url)
        else:
            self.say(node, self.script.phrase(phrase))

    def say(self, node: VoiceResponse | Gather, text: str) -> None:
        node.say(text, voice=self.script.voice, language=say_language(self.script))


def say_language(script: DepartmentScript) -> str | None:
    """<Say language>: Polly and Google voices speak one locale each (Zhiyu's is cmn-CN, not
    zh-CN) and Twilio fails a <Say> whose language does not match, so they get none."""
    return None if script.voice.startswith(("Polly.", "Google.")) else script.language


def url(path: str, **params: object) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def recording_callback(script: DepartmentScript, kind: str, **extra: object) -> str:
    """Where Twilio posts a recording's status; names the script version live during the call."""
    return url(
        RECORDINGS_CALLBACK, department=script.id, version=script.version, kind=kind, **extra
    )


def answer(announcer: Announcer, *, open_now: bool, caller: str | None = None) -> VoiceResponse:
    """The first words a caller hears: greeting and menu, or the after-hours voicemail."""
    script = announcer.script
    response = VoiceResponse()
    if not open_now:
        announcer.speak(response, "after_hours")
        return voicemail(announcer, response, caller=caller)
    announcer.speak(response, "greeting")
    return menu(announcer, CallState(script.id), response)


def menu(announcer: Announcer, state: CallState, response: VoiceResponse) -> VoiceResponse:
    """The menu at `state.path` inside a <Gather>; silence falls through to the menu handler."""
    script = announcer.script
    current = script.menu.find(state.path)
    action = f"/voice/menu?{state.query()}"
    gather = response.gather(
        input="dtmf speech",
        action=action,
        method="POST",
        num_digits=1,
        timeout=GATHER_TIMEOUT,
        speech_timeout="auto",
        language=GATHER_LANGUAGE[script.language],
        hints=hints(current) or None,
    )
    if current.prompt:
        announcer.say(gather, current.prompt)
    else:
        announcer.speak(gather, "menu")
    response.redirect(action, method="POST")
    return response


def route(
    announcer: Announcer, state: CallState, *, digits: str, speech: str, caller: str | None = None
) -> VoiceResponse:
    """What a caller's choice (or silence) at the current menu leads to."""
    current: Menu = announcer.script.menu.find(state.path)
    response = VoiceResponse()
    if wants_back(current, digits, len(state.path)):
        return menu(announcer, state.back(), response)
    option = choose(current, digits, speech)
    if option is None:
        return retry(announcer, state.failed(), response)
    return ACTIONS[option.action](Choice(announcer, state, option, response, caller))


@dataclass(frozen=True)
class Choice:
    """A menu option the caller chose, with what its handler needs to answer it."""

    announcer: Announcer
    state: CallState
    option: MenuOption
    response: VoiceResponse
    caller: str | None


def _submenu(c: Choice) -> VoiceResponse:
    return menu(c.announcer, c.state.enter(c.option.digit), c.response)


def _queue(c: Choice) -> VoiceResponse:
    c.announcer.speak(c.response, "transfer")
    return enqueue(c.announcer.script, c.response)


def _department(c: Choice) -> VoiceResponse:
    c.response.redirect(url("/voice", department=c.option.department), method="POST")
    return c.response


def _voicemail(c: Choice) -> VoiceResponse:
    c.announcer.speak(c.response, "voicemail")
    return voicemail(c.announcer, c.response, caller=c.caller)


def _wrong_number(c: Choice) -> VoiceResponse:
    return wrong_number(c.announcer, c.response)


# Every MenuAction has its handler here (a test checks): a new action cannot fall through to
# something else the caller would hear.
ACTIONS: dict[MenuAction, Callable[[Choice], VoiceResponse]] = {
    "submenu": _submenu,
    "queue": _queue,
    "department": _department,
    "voicemail": _voicemail,
    "wrong_number": _wrong_number,
}


def retry(announcer: Announcer, state: CallState, response: VoiceResponse) -> VoiceResponse:
    """Re-prompt after no or an invalid choice; after too many, the caller dialed wrong."""
    if state.failures >= announcer.script.max_menu_attempts:
        return wrong_number(announcer, response)
    announcer.speak(response, "invalid_choice")
    return menu(announcer, state, response)


def wrong_number(announcer: Announcer, response: VoiceResponse) -> VoiceResponse:
    announcer.speak(response, "wrong_number")
    announcer.speak(response, "wrong_number_goodbye")
    response.hangup()
    return response


def enqueue(script: DepartmentScript, response: VoiceResponse) -> VoiceResponse:
    """Put the caller in the department's queue, where agents take calls in order."""
    response.enqueue(
        script.id,
        action=url("/voice/queue/result", department=script.id),
        method="POST",
        wait_url=url("/voice/hold", department=script.id),
        wait_url_method="POST",
    )
    return response


def hold(announcer: Announcer, queue_time: int) -> VoiceResponse:
    """One round of the queue's wait music: hold audio, the hold phrase, hold audio. Twilio asks
    again when it ends; past the department's maximum wait the caller leaves for voicemail."""
    script = announcer.script
    response = VoiceResponse()
    if queue_time >= script.queue_max_wait:
        response.leave()
        return response
    music = script.hold_audio and announcer.audio(script.hold_audio)
    if music:
        response.play(music, loop=HOLD_LOOPS)
    announcer.speak(response, "hold")
    if music:
        response.play(music, loop=HOLD_LOOPS)
    else:
        response.pause(length=10)
    return response


def queue_result(
    announcer: Announcer,
    result: str,
    queue_time: int,
    *,
    caller: str | None = None,
    stream_url: str | None = None,
) -> VoiceResponse:
    """After the caller's time in the queue: talked to an agent, hung up, waited too long, or the
    queue could not take the call (then ring the agents directly)."""
    response = VoiceResponse()
    if result in ("bridged", "bridging-in-progress"):
        response.hangup()
    elif result == "hangup":
        pass  # the caller is gone: an empty <Response/> ends the call's TwiML
    elif result == "leave":
        announcer.speak(response, "voicemail")
        voicemail(announcer, response, queue_time=queue_time, caller=caller)
    else:
        dial_agents(
            announcer, response, queue_time=queue_time, caller=caller, stream_url=stream_url
        )
    return response


def connected(announcer: Announcer) -> VoiceResponse:
    """Played to a queued caller the moment an agent takes the call."""
    response = VoiceResponse()
    announcer.speak(response, "after_wait")
    return response


def live_stream(
    script: DepartmentScript, response: VoiceResponse, stream_url: str | None, leg: str, agent: str
) -> None:
    """Fork the leg's audio to `/media` for live assist (both tracks), naming what the stream
    cannot know by itself: the department, its script version, the leg streamed and the agent.
    The dual-channel recording stays the record of truth."""
    if not stream_url or not script.live_assist.enabled:
        return
    stream = response.start().stream(url=stream_url, track="both_tracks")
    params = {"department": script.id, "version": script.version, "leg": leg, "agent": agent}
    for name, value in params.items():
        stream.parameter(name=name, value=value)


def take_next_caller(
    script: DepartmentScript, agent: str, stream_url: str | None = None
) -> VoiceResponse:
    """The agent's side: dial the department's queue, recorded in two channels. The agent's call
    is the parent here, so the agent is channel 1 and Twilio's `From` is the agent, not the
    caller (the callback URL says both). Which caller the queue hands over is unknown while this
    TwiML is built, so this callback names no caller. Only the department's own agents may take
    its callers. With `stream_url`, the agent's leg is streamed for live assist."""
    response = VoiceResponse()
    if agent not in script.agents:
        response.reject()
        return response
    live_stream(script, response, stream_url, "agent", agent)
    dial = _recorded_dial(
        script,
        response,
        action=url("/voice/agent/result", department=script.id),
        callback=recording_callback(script, "call", agent_channel=1, agent=agent),
    )
    dial.queue(script.id, url=url("/voice/connected", department=script.id), method="POST")
    return response


def dial_agents(
    announcer: Announcer,
    response: VoiceResponse,
    *,
    queue_time: int | None = None,
    caller: str | None = None,
    stream_url: str | None = None,
) -> VoiceResponse:
    """The caller's agent leg: ring every agent at once, recorded in two channels (caller on 1,
    agent on 2); nobody answering within the ring timeout leads to voicemail. With `stream_url`,
    the caller's leg is streamed for live assist (which agent answers is not known yet)."""
    script = announcer.script
    if not script.agents:
        announcer.speak(response, "voicemail")
        return voicemail(announcer, response, queue_time=queue_time, caller=caller)
    live_stream(script, response, stream_url, "caller", "")
    dial = _recorded_dial(
        script,
        response,
        action=url("/voice/dial/result", department=script.id),
        callback=recording_callback(
            script, "call", agent_channel=2, queue_time=queue_time, caller=caller
        ),
    )
    for agent in script.agents:
        kind, _, target = agent.partition(":")
        if kind == "client":
            dial.client(target)
        elif kind in ("sip", "sips"):
            dial.sip(agent)
        else:
            dial.number(agent)
    return response


def _recorded_dial(
    script: DepartmentScript, response: VoiceResponse, *, action: str, callback: str
) -> Dial:
    return response.dial(
        action=action,
        method="POST",
        timeout=script.ring_timeout,
        record="record-from-answer-dual",
        recording_status_callback=callback,
        recording_status_callback_method="POST",
        recording_status_callback_event=RECORDING_EVENTS,
    )


def dial_result(announcer: Announcer, status: str, *, caller: str | None = None) -> VoiceResponse:
    """After the agent leg: over if someone answered, else the caller leaves a message."""
    response = VoiceResponse()
    if status in ANSWERED:
        response.hangup()
        return response
    announcer.speak(response, "voicemail")
    return voicemail(announcer, response, caller=caller)


def agent_result(announcer: Announcer, status: str) -> VoiceResponse:
    """After an agent's turn at the queue: tell them if nobody was waiting."""
    response = VoiceResponse()
    if status not in ANSWERED:
        announcer.speak(response, "goodbye")
    response.hangup()
    return response


def voicemail(
    announcer: Announcer,
    response: VoiceResponse,
    *,
    queue_time: int | None = None,
    caller: str | None = None,
) -> VoiceResponse:
    """Record a message after the beep; the recording reaches the same pipeline as calls."""
    script = announcer.script
    response.record(
        action=url("/voice/voicemail/done", department=script.id),
        method="POST",
        max_length=VOICEMAIL_MAX_SECONDS,
        finish_on_key="#",
        play_beep=True,
        recording_status_callback=recording_callback(
            script, "voicemail", queue_time=queue_time, caller=caller
        ),
        recording_status_callback_method="POST",
        recording_status_callback_event=RECORDING_EVENTS,
    )
    # Reached only when the caller records nothing.
    announcer.speak(response, "goodbye")
    response.hangup()
    return response


def goodbye(announcer: Announcer) -> VoiceResponse:
    response = VoiceResponse()
    announcer.speak(response, "goodbye")
    response.hangup()
    return response


def leave_queue(announcer: Announcer | None) -> VoiceResponse:
    """The apology inside a queue's wait music, where only Say, Play, Pause, Gather, Redirect,
    Leave and Hangup are allowed: the error phrase, then <Leave> on to the queue's action."""
    response = VoiceResponse()
    if announcer is None:
        response.say(LAST_RESORT["zh-CN"], voice=DEFAULT_VOICE["zh-CN"])
    else:
        announcer.speak(response, "error")
    response.leave()
    return response


def apology(announcer: Announcer | None, *, caller: str | None = None) -> VoiceResponse:
    """What a caller hears when handling their call failed: the error phrase, then voicemail so
    nothing they wanted to say is lost."""
    response = VoiceResponse()
    if announcer is None:
        # No script could be read at all: the one message that needs no configuration.
        response.say(LAST_RESORT["zh-CN"], voice=DEFAULT_VOICE["zh-CN"])
        response.say(LAST_RESORT["en-US"], voice=DEFAULT_VOICE["en-US"])
        response.hangup()
        return response
    announcer.speak(response, "error")
    return voicemail(announcer, response, caller=caller)
