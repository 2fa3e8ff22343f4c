"""ivr: a call-center IVR (Twilio) and phone-script checker (offline Vosk)."""

__version__ = "0.1.0"
