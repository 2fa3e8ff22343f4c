"""Recordings: Twilio's callback, the job per recording, and the worker that downloads,
transcribes, checks and stores each call."""
