"""Review: score a call's transcript against its department's phone script."""

from ivr.review.checker import check_call
from ivr.review.findings import Evidence, Finding, Metrics, Review

__all__ = ["Evidence", "Finding", "Metrics", "Review", "check_call"]
