"""The store: calls, jobs, transcripts, findings, users and script versions."""
