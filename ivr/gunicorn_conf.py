"""How the web app is served, by the Procfile and by `ivr serve` alike: gunicorn, threaded workers.

Threads (gthread) rather than sync workers: Twilio's webhooks are short, but the pages' live
connections (EventSource, WebSocket) hold a thread each for as long as they are open.
"""

from __future__ import annotations

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("IVR_WEB_THREADS", "16"))
# Twilio waits 15 s for a webhook; a worker silent for longer than this is stuck and restarted.
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = "-"
# The worker's pid in each line: which process answered is what breaks per-process state.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms pid %(p)s'
