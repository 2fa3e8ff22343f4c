// The live page: draws the agent's calls from the server's events (Server-Sent Events on the same
// origin). Transcripts are user data: everything is set with textContent, never as HTML.
(function () {
  "use strict";
  const root = document.getElementById("live");
  const labels = JSON.parse(root.dataset.labels);
  const template = document.getElementById("live-call");

  function clock(seconds) {
    const s = Math.floor(seconds || 0);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function item(className, text) {
    const li = document.createElement("li");
    if (className) li.className = className;
    li.textContent = text;
    return li;
  }

  function drawCall(call) {
    const node = template.content.firstElementChild.cloneNode(true);
    node.dataset.call = call.call_sid;
    node.dataset.status = call.status;
    node.querySelector(".live-title").textContent =
      call.department + " · " + (call.agent || "—") + " · " + clock(call.seconds);
    const status = node.querySelector(".live-status");
    status.textContent = labels.states[call.status] || call.status;
    status.classList.add(call.status);
    if (call.status === "unavailable") {
      const note = node.querySelector(".live-unavailable");
      note.hidden = false;
      note.textContent = labels.unavailable + (call.reason ? ": " + call.reason : "");
    }
    const prompts = node.querySelector(".live-prompts");
    for (const text of call.prompts) prompts.appendChild(item("prompt", text));
    const rules = node.querySelector(".live-rules");
    for (const rule of call.rules) {
      const li = item("rule " + rule.state, (labels.rules[rule.rule] || rule.rule) + " — " +
        (labels.states[rule.state] || rule.state));
      li.dataset.rule = rule.rule;
      li.dataset.state = rule.state;
      li.title = rule.message;
      rules.appendChild(li);
    }
    const lines = node.querySelector(".live-transcript");
    for (const u of call.transcript.utterances) {
      const li = item("line " + u.speaker, "");
      const who = document.createElement("b");
      who.textContent = clock(u.start) + " " + (labels.speakers[u.speaker] || u.speaker) + ": ";
      li.appendChild(who);
      li.appendChild(document.createTextNode(u.text));
      lines.appendChild(li);
    }
    for (const [speaker, words] of Object.entries(call.partial || {})) {
      if (words) lines.appendChild(item("line partial " + speaker,
        (labels.speakers[speaker] || speaker) + ": " + words + " " + labels.listening));
    }
    return node;
  }

  function draw(calls) {
    root.replaceChildren();
    if (!calls.length) {
      root.appendChild(Object.assign(document.createElement("p"),
        { className: "muted", id: "live-empty", textContent: labels.none }));
    }
    for (const call of calls) root.appendChild(drawCall(call));
  }

  draw(JSON.parse(root.dataset.calls));
  const events = new EventSource(root.dataset.events);
  events.onmessage = function (event) { draw(JSON.parse(event.data)); };
})();
