"""Offline transcription of call recordings with Vosk: audio in, a timed Transcript out."""

from ivr.speech.batch import BatchResult, Failure, transcribe_many
from ivr.speech.decode import DecodeOptions
from ivr.speech.transcribe import transcribe_file

__all__ = ["BatchResult", "DecodeOptions", "Failure", "transcribe_file", "transcribe_many"]
