"""The commission administrator applies a change set through the web: preview (a dry run), then confirm.

The same service as ``manage.py catalog_apply`` (docs/catalog-format.md, "Change sets"): one
ChangeSet row, one audit event, the ``catalog_changed`` signal; a preview writes nothing, a
problem names its field with a Japanese sentence, a stale or altered preview is refused.
"""

from __future__ import annotations

import datetime as dt
import html as html_module
import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from compliance.audit.models import AuditEvent
from compliance.law import models as m
from compliance.law.catalog.change_sets import StalePreview, change_set_apply, change_set_preview
from compliance.law.catalog.problem_text import explain
from compliance.law.catalog.records import CatalogValidationError
from compliance.law.signals import catalog_changed

END_PERMISSION = {
    "effective_on": "2024-05-27",
    "source": "令和5年法律第48号",
    "description": "連携の許可の終了（試験用）",
    "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]},
}
NEW_TEXT = "児童手当法による児童手当の支給に関する事務であって主務省令で定めるもの"
CHANGE_AND_ADD = {
    "effective_on": "2024-05-27",
    "source": "令和5年法律第48号",
    "change": {"schedule_rows": [{"key": "row-jidou-teate", "affair": NEW_TEXT}]},
    "add": {"categories": [{"key": "cat-web-test", "name": "ウェブ試験関係情報"}]},
}


def _text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _catalog_rows() -> list[tuple]:
    rows = []
    for model in (m.ScheduleRow, m.LinkagePermission, m.InformationCategory, m.Statute):
        rows += list(model.objects.order_by("pk").values_list("key", "in_force_from", "in_force_until"))
    return rows


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html, re.S)
    assert match, f"no hidden {name} in the preview"
    return html_module.unescape(match.group(1))


@pytest.fixture
def signals() -> list[dict]:
    received: list[dict] = []

    def receiver(**kwargs: object) -> None:
        received.append(kwargs)

    catalog_changed.connect(receiver, dispatch_uid="test-change-set-pages")
    yield received
    catalog_changed.disconnect(dispatch_uid="test-change-set-pages")


# --- the service -------------------------------------------------------------------------------------


def test_a_valid_preview_lists_what_changes_and_writes_nothing(loaded, commission_admin, signals):
    before = _catalog_rows()
    change_sets, events = m.ChangeSet.objects.count(), AuditEvent.objects.count()
    preview = change_set_preview(text=_text(CHANGE_AND_ADD), name="amend.yaml", acting_user=commission_admin)
    assert [(line.kind, line.key) for line in preview.added] == [("categories", "cat-web-test")]
    assert preview.added[0].new_from == dt.date(2024, 5, 27)
    (changed,) = preview.changed
    assert (changed.kind, changed.key, changed.old_until, changed.new_from) == (
        "schedule_rows", "row-jidou-teate", dt.date(2024, 5, 27), dt.date(2024, 5, 27),
    )  # fmt: skip
    assert changed.fields == ("affair", "source")  # the successor cites the amending act
    assert _catalog_rows() == before
    assert (m.ChangeSet.objects.count(), AuditEvent.objects.count()) == (change_sets, events)
    assert signals == []


def test_applying_the_preview_writes_once_with_one_audit_event_and_the_signal(
    loaded, commission_admin, signals
):
    text = _text(END_PERMISSION)
    preview = change_set_preview(text=text, name="end.yaml", acting_user=commission_admin)
    events = AuditEvent.objects.count()
    result = change_set_apply(text=text, name="end.yaml", token=preview.token, acting_user=commission_admin)
    stored = result.change_set
    assert stored is not None and stored.kind == m.ChangeSetKind.AMENDMENT
    assert stored.created_by == commission_admin and stored.label == "end.yaml"
    assert stored.summary["ended"] == {"linkage_permissions": ["perm-jidou-teate-chihouzei"]}
    perm = m.LinkagePermission.objects.get(key="perm-jidou-teate-chihouzei")
    assert perm.in_force_until == dt.date(2024, 5, 27) and perm.ended_by == stored
    new_events = AuditEvent.objects.order_by("pk")[events:]
    assert [event.action for event in new_events] == ["compliance.catalog.amended"]
    assert len(signals) == 1 and signals[0]["change_set"] == stored
    # The same confirmation again: the catalog moved on, so the preview is stale.
    with pytest.raises(StalePreview):
        change_set_apply(text=text, name="end.yaml", token=preview.token, acting_user=commission_admin)
    assert m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).count() == 1


def test_an_altered_text_or_another_users_token_is_refused(loaded, commission_admin, reviewer):
    text = _text(END_PERMISSION)
    preview = change_set_preview(text=text, name="end.yaml", acting_user=commission_admin)
    altered = text.replace("2024-05-27", "2024-06-01")
    with pytest.raises(StalePreview):
        change_set_apply(text=altered, name="end.yaml", token=preview.token, acting_user=commission_admin)
    with pytest.raises(StalePreview):
        change_set_apply(text=text, name="end.yaml", token=preview.token, acting_user=reviewer)
    with pytest.raises(StalePreview):
        change_set_apply(text=text, name="end.yaml", token="forged", acting_user=commission_admin)
    assert not m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).exists()


def test_line_ends_do_not_make_a_preview_stale(loaded, commission_admin):
    text = _text(END_PERMISSION)
    preview = change_set_preview(
        text=text.replace("\n", "\r\n"), name="end.yaml", acting_user=commission_admin
    )
    result = change_set_apply(text=text, name="end.yaml", token=preview.token, acting_user=commission_admin)
    assert result.change_set is not None


def test_a_bad_change_set_names_the_field_with_a_japanese_sentence(loaded, commission_admin):
    bad = {
        "effective_on": "2024-05-27",
        "source": "令和5年法律第48号",
        "add": {"linkage_permissions": [{"key": "perm-x", "requester_row": "no-such-row", "category": "x"}]},
    }
    with pytest.raises(CatalogValidationError) as raised:
        change_set_preview(text=_text(bad), name="bad.yaml", acting_user=commission_admin)
    with translation.override("ja"):
        problems = [explain(message) for message in raised.value.messages]
    paths = [problem.path for problem in problems]
    assert "add.linkage_permissions[0].providers" in paths
    for problem in problems:
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", problem.sentence), problem
        assert "expected" not in problem.sentence and "required" not in problem.sentence


@pytest.mark.parametrize(
    "message, path, sentence",
    [
        (
            "effective_on: required (YYYY-MM-DD)",
            "effective_on",
            "必須です。施行日を YYYY-MM-DD の形で書いてください。",
        ),
        (
            "end.categories[0].key: unknown key 'cat-x' for categories",
            "end.categories[0].key",
            "キー「cat-x」の記録はこの種類（categories）にありません。",
        ),
        (
            "linkage_permissions:perm-a.requester_row: dangling reference: still in force after 2024-05-27 but "
            "refers to row 'r1', which this change set ends; end or change it in the same change set",
            "linkage_permissions:perm-a.requester_row",
            "参照先がなくなります。この記録は 2024-05-27 以降も効力があるのに、この変更セットが終了する row 'r1' "
            "を参照しています。同じ変更セットでこの記録も終了または変更してください。",
        ),
        (
            "(top level): expected a mapping with effective_on, source, add, end, change",
            "（ファイル全体）",
            "ファイル全体が、effective_on・source・add・end・change を持つ対応表（マッピング）になっていません。",
        ),
    ],
)
def test_problem_sentences(message, path, sentence):
    with translation.override("ja"):
        problem = explain(message)
    assert (problem.path, problem.sentence) == (path, sentence)


def test_problem_sentences_are_english_in_english():
    with translation.override("en"):
        problem = explain("effective_on: required (YYYY-MM-DD)")
    assert problem.sentence == "Required: write the effective date as YYYY-MM-DD."


# --- the pages ---------------------------------------------------------------------------------------


def test_the_page_previews_an_upload_then_confirming_applies_it_and_shows_the_result(
    loaded, commission_admin_client, signals
):
    upload = SimpleUploadedFile("end.yaml", _text(END_PERMISSION).encode(), content_type="application/yaml")
    response = commission_admin_client.post(reverse("law:change_set_new"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="preview"' in html and "perm-jidou-teate-chihouzei" in html
    assert "2024-05-27" in html
    assert not m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).exists()
    data = {name: _hidden(html, name) for name in ("text", "name", "token")}
    applied = commission_admin_client.post(reverse("law:change_set_apply"), data, follow=True)
    stored = m.ChangeSet.objects.get(kind=m.ChangeSetKind.AMENDMENT)
    assert applied.redirect_chain[-1][0] == reverse("law:change_set_detail", kwargs={"pk": stored.pk})
    page = applied.content.decode()
    assert "perm-jidou-teate-chihouzei" in page and "変更セットを適用しました。" in page
    assert reverse("checks:impact_detail", kwargs={"pk": stored.recheck.pk}) in page
    assert len(signals) == 1
    # Confirming the same preview again is refused and writes nothing.
    again = commission_admin_client.post(reverse("law:change_set_apply"), data)
    assert again.status_code == 200 and 'data-testid="stale"' in again.content.decode()
    assert m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).count() == 1


def test_pasted_text_is_previewed_and_a_bad_one_lists_its_problems(loaded, commission_admin_client):
    response = commission_admin_client.post(
        reverse("law:change_set_new"), {"text": "effective_on: 2024-05-27\nend:\n  categories: [no-such]\n"}
    )
    html = response.content.decode()
    assert 'data-testid="problems"' in html
    assert "<code>source</code>: 必須です。改正した法令・政令・告示を書いてください。" in html
    assert 'data-testid="preview"' not in html
    broken = commission_admin_client.post(reverse("law:change_set_new"), {"text": "effective_on: [\n"})
    assert "YAML として読めません" in broken.content.decode()
    empty = commission_admin_client.post(reverse("law:change_set_new"), {"text": ""})
    assert "ファイルを選ぶか、内容を貼り付けてください。" in empty.content.decode()


def test_an_altered_confirmation_is_refused(loaded, commission_admin_client):
    response = commission_admin_client.post(reverse("law:change_set_new"), {"text": _text(END_PERMISSION)})
    html = response.content.decode()
    data = {name: _hidden(html, name) for name in ("text", "name", "token")}
    data["text"] = data["text"].replace("perm-jidou-teate-chihouzei", "perm-other")
    refused = commission_admin_client.post(reverse("law:change_set_apply"), data)
    assert 'data-testid="stale"' in refused.content.decode()
    assert not m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).exists()


def test_the_list_shows_applied_change_sets_and_the_dashboard_links_it(loaded, commission_admin_client):
    response = commission_admin_client.get(reverse("law:change_set_list"))
    assert response.status_code == 200
    assert "カタログファイルの読込み" in response.content.decode()
    dashboard = commission_admin_client.get(reverse("accounts:commission_dashboard")).content.decode()
    assert reverse("law:change_set_list") in dashboard


def test_reviewers_and_officers_are_refused(db, reviewer_client, officer_a_client):
    for client in (reviewer_client, officer_a_client):
        assert client.get(reverse("law:change_set_list")).status_code == 403
        assert client.get(reverse("law:change_set_new")).status_code == 403
        assert client.post(reverse("law:change_set_apply"), {}).status_code == 403
    dashboard = reviewer_client.get(reverse("accounts:commission_dashboard")).content.decode()
    assert reverse("law:change_set_list") not in dashboard


GENERAL = "この項目の内容を受け付けられません。"


@pytest.mark.parametrize(
    "data",
    [
        "just text",
        {"effective_on": "2024-13-40", "source": 5, "extra": 1, "format": "other", "add": []},
        {"effective_on": "2024-05-27", "source": "s", "add": {"nonsense": []}, "end": {"categories": "x"}},
        {"effective_on": "2024-05-27", "source": "s", "end": {"categories": [{"key": "k", "x": 1}, 3]}},
        {"effective_on": "2024-05-27", "source": "s", "end": {"categories": ["no-such", "no-such"]}},
        {"effective_on": "2016-01-01", "source": "s", "end": {"schedule_rows": ["row-jidou-teate"]}},
        {"effective_on": "2000-01-01", "source": "s", "end": {"schedule_rows": ["row-jidou-teate"]}},
        {"effective_on": "2024-05-27", "source": "s", "change": {"schedule_rows": ["x", {"key": "row-jidou-teate"}]}},
        {"effective_on": "2024-05-27", "source": "s",
         "change": {"schedule_rows": [{"key": "row-jidou-teate", "in_force_from": "2024-01-01"}]}},
        {"effective_on": "2024-05-27", "source": "s", "add": {"schedule_rows": [
            {"key": "row-jidou-teate", "row_number": "1", "statute": "no-such-law", "affair": "a",
             "bodies": [{"label": "x", "kinds": ["nowhere"], "body": "nobody", "odd": 1}], "field": "nofield",
             "resident_register": "yes", "in_force_until": "2020-01-01", "bogus": 1},
        ]}},
        {"effective_on": "2024-05-27", "source": "s", "add": {"linkage_permissions": [
            {"key": "perm-new", "requester_row": "no-such-row", "category": "no-such-category",
             "providers": []},
        ]}},
    ],
)  # fmt: skip
def test_every_problem_has_its_own_sentence(loaded, commission_admin, data):
    text = data if isinstance(data, str) else _text(data)
    with pytest.raises(CatalogValidationError) as raised:
        change_set_preview(text=text, name="bad.yaml", acting_user=commission_admin)
    with translation.override("ja"):
        problems = [(message, explain(message)) for message in raised.value.messages]
    general = [message for message, problem in problems if problem.sentence.startswith(GENERAL)]
    assert not general, general
