// Clicking a transcript line or a piece of evidence (or Enter or Space on it, reached with Tab)
// plays the recording from that second.
(function () {
  "use strict";
  var player = document.getElementById("player");
  if (!player) return;
  function seek(seconds) {
    var go = function () {
      player.currentTime = seconds;
      var playing = player.play();
      if (playing && playing.catch) playing.catch(function () { /* autoplay may be refused */ });
    };
    if (player.readyState >= 1) go();
    else player.addEventListener("loadedmetadata", go, { once: true });
  }
  document.querySelectorAll(".seek").forEach(function (el) {
    el.addEventListener("click", function (event) {
      event.preventDefault();
      seek(parseFloat(el.dataset.start) || 0);
    });
    el.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      seek(parseFloat(el.dataset.start) || 0);
    });
  });
  var lines = document.querySelectorAll(".lines .line");
  player.addEventListener("timeupdate", function () {
    var now = player.currentTime;
    lines.forEach(function (line, i) {
      var next = lines[i + 1];
      var start = parseFloat(line.dataset.start);
      var end = next ? parseFloat(next.dataset.start) : Infinity;
      line.classList.toggle("now", now >= start && now < end);
    });
  });
})();
