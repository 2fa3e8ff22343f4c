"""`ivr users`: the people who may log in to the review and admin pages."""

from __future__ import annotations

import click

from ivr.context import AppContext
from ivr.store.db import transaction
from ivr.store.users import ROLES, add_user, list_users


@click.group()
def users() -> None:
    """Add and list the users of the web pages."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="reviewer", show_default=True)
@click.password_option(
    envvar="IVR_USER_PASSWORD", help="Asked for when not given (or set IVR_USER_PASSWORD)."
)
def add(username: str, role: str, password: str) -> None:
    """Add USERNAME with a role: reviewers read and override calls, admins also edit scripts,
    agents see their own calls live (the name is their Twilio client identity)."""
    with transaction(AppContext.open().store) as session:
        user = add_user(session, username, password, role)
        click.echo(f"added {user.username} ({user.role})")


@users.command("list")
def list_() -> None:
    """Every user and role."""
    with transaction(AppContext.open().store) as session:
        for user in list_users(session):
            click.echo(f"{user.username}\t{user.role}\t{user.created_at:%Y-%m-%d}")
