"""The phone tree: Twilio webhooks that answer each department's callers with its script."""
