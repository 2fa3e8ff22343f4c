"""Reviewed calls as labelled data: what reviewers decided is the ground truth the checker is
measured against, in production (agreement per rule), offline (`ivr eval`), and before an admin
saves a checker change (what it would do to the calls already reviewed)."""
