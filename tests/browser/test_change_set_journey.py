"""The commission administrator applies a change set by clicking: dashboard → list → upload → preview → confirm.

The same change set ``manage.py catalog_apply`` would take (docs/catalog-format.md, "Change
sets"); the preview writes nothing, the confirmation applies it and the result links to the
amendment impact report.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from compliance.accounts import services
from compliance.accounts.models import User
from compliance.law import models as m
from compliance.registry.importing import declaration_import
from tests.browser.axe import assert_no_serious_axe_violations
from tests.checks.test_amendment_impact import CHILD_ALLOWANCE, END_PERMISSION
from tests.conftest import with_device
from tests.factories import PASSWORD, UserFactory, current_totp

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def administrator(transactional_db: None) -> User:
    """The shipped catalog, one body whose linkage the change set ends, and a commission administrator."""
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    declaration_import(data=copy.deepcopy(CHILD_ALLOWANCE), acting_user=None)
    user = UserFactory(username="catalog-admin")
    services.commission_admin_grant(acting_user=None, user=user)
    return with_device(user)


def _log_in(page: Page, live_server, user: User) -> None:
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("wizard-next").click()
    page.locator('input[name="token-otp_token"]').fill(current_totp(TOTPDevice.objects.get(user=user)))
    page.get_by_test_id("wizard-next").click()


def test_the_administrator_previews_and_applies_a_change_set(
    page: Page, live_server, administrator: User, screenshot_dir: Path, tmp_path: Path
) -> None:
    change_set = tmp_path / "end-permission.yaml"
    change_set.write_text(yaml.safe_dump(END_PERMISSION, allow_unicode=True), encoding="utf-8")
    _log_in(page, live_server, administrator)
    expect(page.get_by_role("heading", level=1)).to_have_text("委員会ダッシュボード")
    page.get_by_test_id("link-change-sets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("法令カタログの変更記録")
    expect(page.get_by_test_id("change-set-list")).to_contain_text("カタログファイルの読込み")
    assert_no_serious_axe_violations(page)
    page.get_by_test_id("link-change-set-new").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("変更セットの適用")
    assert_no_serious_axe_violations(page)

    page.get_by_label("変更セットのファイル（YAML または JSON）").set_input_files(str(change_set))
    page.get_by_test_id("preview-submit").click()
    ended = page.get_by_test_id("preview-ended")
    expect(ended).to_contain_text("child_allowance_local_tax")
    expect(ended).to_contain_text("2026-01-05")
    expect(page.get_by_test_id("preview-effective-on")).to_have_text("2026-01-05")
    page.screenshot(path=screenshot_dir / "change-set-preview.png", full_page=True)
    assert_no_serious_axe_violations(page)
    assert not m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).exists()

    page.get_by_test_id("confirm-apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("法令カタログの変更記録")
    expect(page.get_by_role("status")).to_contain_text("変更セットを適用しました。")
    expect(page.get_by_test_id("result-ended")).to_contain_text("child_allowance_local_tax")
    expect(page.get_by_test_id("effective-on")).to_have_text("2026-01-05")
    page.screenshot(path=screenshot_dir / "change-set-applied.png", full_page=True)
    assert_no_serious_axe_violations(page)
    assert m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).count() == 1

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalog change records")
    expect(page.get_by_test_id("result-ended")).to_contain_text("Ended")
    page.screenshot(path=screenshot_dir / "change-set-applied-en.png", full_page=True)

    page.get_by_test_id("link-impact-detail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amendment impact")
    expect(page.get_by_test_id("change-set")).to_contain_text("令和8年主務省令（試験用）")
