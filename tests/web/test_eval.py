"""Reviewed calls as labelled data: `ivr eval export` and `ivr eval run` round-trip a reviewed
call, agreement per rule, and what an edited script would do to the reviewed calls."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner
from sqlalchemy import select

from ivr.cli import cli
from ivr.evaluation.agreement import what_if
from ivr.evaluation.labels import label_pairs, read_corpus, reviewed_calls
from ivr.scripts import DepartmentScript
from ivr.store.db import transaction
from ivr.store.models import Call
from ivr.store.overrides import add_override
from ivr.store.users import User
from ivr.store.verdicts import refresh_verdict, sign_off
from tests.web.conftest import Site, csrf_of


def _review(site: Site) -> tuple[int, int]:
    """A reviewer signs off a good call as is, and overrides closing on a rude one."""
    good, rude = site.call_ids[0], site.call_ids[1]
    with transaction(site.store) as session:
        user = session.query(User).filter_by(username="rita").one()
        sign_off(session, good, user)
        add_override(
            session, call_id=rude, rule="closing", before="fail", after="pass",
            comment="再见 is there", user=user,
        )  # fmt: skip
        refresh_verdict(session, rude)
    return good, rude


def test_eval_round_trips_a_reviewed_call(site: Site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good, rude = _review(site)
    corpus = tmp_path / "reviewed.jsonl"
    env = {"IVR_DATA_DIR": str(site.settings.data_dir)}
    done = CliRunner().invoke(cli, ["eval", "export", "-o", str(corpus)], env=env)
    assert done.exit_code == 0, done.output
    assert "2 reviewed calls" in done.output
    calls = {call.call_id: call for call in read_corpus(corpus)}
    assert set(calls) == {good, rude}
    assert calls[rude].labels == {"closing": "pass"}  # only what the reviewer overrode
    assert calls[good].labels == calls[good].checker  # signed off as the checker had it
    assert calls[good].script is not None and calls[good].transcript.utterances

    ran = CliRunner().invoke(cli, ["eval", "run", str(corpus), "--format", "json"], env=env)
    assert ran.exit_code == 0, ran.output
    rows = {(r["department"], r["rule"]): r for r in json.loads(ran.output)}
    closing = rows[("appliance-service", "closing")]
    # The good call's closing agrees; the rude call's fail was overruled by the reviewer.
    assert (closing["labelled"], closing["agreed"]) == (2, 1)
    assert closing["disagreements"] == {"fail->pass": 1}
    text = CliRunner().invoke(cli, ["eval", "run", str(corpus)], env=env)
    assert "closing" in text.output and "50%" in text.output

    # With --scripts: a script that no longer checks closing labels nothing for it.
    scripts = yaml.safe_load(site.settings.scripts_path.read_text("utf-8"))
    for department in scripts["departments"]:
        department.setdefault("checker", {})["disabled"] = ["closing"]
    edited = tmp_path / "departments.yaml"
    edited.write_text(yaml.safe_dump(scripts, allow_unicode=True), "utf-8")
    ran = CliRunner().invoke(
        cli, ["eval", "run", str(corpus), "--scripts", str(edited), "--format", "json"], env=env
    )
    assert ran.exit_code == 0, ran.output
    assert "closing" not in {r["rule"] for r in json.loads(ran.output)}


def test_a_bad_corpus_is_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"call_id": 1}\n', "utf-8")
    ran = CliRunner().invoke(cli, ["eval", "run", str(corpus)])
    assert ran.exit_code == 1
    assert "bad.jsonl, line 1: not a labelled call" in ran.output


def test_what_if_lists_the_calls_whose_verdict_changes(site: Site) -> None:
    _review(site)
    scripts = site.app.extensions["ivr"].scripts
    live = scripts.get("appliance-service")
    with site.store() as session:
        calls = reviewed_calls(session, department="appliance-service")
    same, rates = what_if(calls, live, live, 80)
    assert same == [] and rates["closing"][0] == rates["closing"][1]
    # Checking nothing the rude call failed: it would pass, which its reviewer did not decide.
    data = live.model_dump(mode="json")
    failed = ["greeting", "confirm_need", "apology", "banned_phrase", "closing"]
    data["checker"] = {**(data.get("checker") or {}), "disabled": failed}
    edited = DepartmentScript.model_validate(data)
    changes, rates = what_if(calls, live, edited, 80)
    assert [(c.call_id, c.before, c.after) for c in changes] == [(site.call_ids[1], False, True)]
    assert changes[0].reviewers is False and changes[0].towards_reviewers is False
    assert "closing" not in rates


def test_the_dashboard_shows_agreement_per_rule_and_department(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    empty = reviewer.get("/dashboard", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "暂无已复核的通话。" in empty
    _review(site)
    html = reviewer.get("/dashboard", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    row = html.split('<tr data-rule="closing">')[1].split("</tr>")[0]
    assert "50% <small>(1/2)</small>" in row  # the signed-off call agrees, the override does not
    assert 'data-department="appliance-service">50%' in row
    greeting = html.split('<tr data-rule="greeting">')[1].split("</tr>")[0]
    assert "100% <small>(1/1)</small>" in greeting  # only the signed-off call labels it


def test_the_editor_shows_which_reviewed_calls_an_edit_would_flip(site: Site, admin) -> None:  # type: ignore[no-untyped-def]
    from ivr.web.script_form import section_texts

    _review(site)
    live = site.app.extensions["ivr"].scripts.get("appliance-service")
    page = admin.get("/departments/appliance-service").get_data(as_text=True)
    form = {**section_texts(live), "base_version": live.version, "csrf_token": csrf_of(page)}
    failed = ["greeting", "confirm_need", "apology", "banned_phrase", "closing"]
    form["checker"] = yaml.safe_dump({"checker": {"disabled": failed}})
    zh = {"Accept-Language": "zh-CN"}
    shown = admin.post(
        "/departments/appliance-service", data={**form, "action": "preview"}, headers=zh
    )
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "最近 2 通已复核通话中，有 1 通的结论会改变。" in html
    assert f'<tr data-call="{site.call_ids[1]}" class="worse">' in html
    saved = admin.post("/departments/appliance-service", data={**form, "action": "save"})
    assert saved.status_code == 409  # not saved before the admin has seen it
    assert site.app.extensions["ivr"].scripts.get("appliance-service").version == live.version
    confirmed = csrf_of(saved.get_data(as_text=True))
    version = saved.get_data(as_text=True).split('name="confirmed_impact" value="')[1].split('"')[0]
    again = admin.post(
        "/departments/appliance-service",
        data={**form, "action": "save", "csrf_token": confirmed, "confirmed_impact": version},
    )
    assert again.status_code == 302
    assert site.app.extensions["ivr"].scripts.get("appliance-service").version == version


def test_a_finding_left_uncertain_is_no_label(site: Site) -> None:
    with site.store() as session:
        # The seeded call whose channels were not told apart: every finding uncertain.
        mixed = session.scalars(select(Call.id).order_by(Call.uncertain.desc())).first()
    with transaction(site.store) as session:
        sign_off(session, mixed, session.query(User).filter_by(username="rita").one())
    with site.store() as session:
        (call,) = [c for c in reviewed_calls(session) if c.call_id == mixed]
        assert call.labels == {} and set(call.checker.values()) == {"uncertain"}
        assert label_pairs(session, select(Call.id)) == []
