"""The store: calls, jobs, transcripts, findings, users and script versions, in any SQLAlchemy DB."""
