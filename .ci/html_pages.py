"""Render the pages the Nu HTML Checker validates into a folder (``.ci/html-check``).

Run with ``HYOKA_VAR_DIR`` pointing at a database loaded by ``manage.py load_demo``: the
public pages anonymously, the workspace pages as the demo officer with a verified second
factor (as ``two_factor:login`` leaves the session), and the catalog's change-set pages as the demo
commission administrator.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from compliance.accounts.models import Organization, User  # noqa: E402
from compliance.assessments.models import Assessment  # noqa: E402
from compliance.law.models import ChangeSet  # noqa: E402
from compliance.public.models import SearchDocument  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    organization = Organization.objects.get(code="012131")
    documents = list(SearchDocument.objects.order_by("assessment_id"))
    by_affair: dict[int, list[SearchDocument]] = {}
    for document in documents:
        by_affair.setdefault(document.affair_id, []).append(document)
    pair = next(group for group in by_affair.values() if len(group) > 1)
    public = {
        "home": reverse("public:home"),
        "search": reverse("public:search") + "?q=%E7%A8%8E",
        "assessment": reverse("public:assessment", args=[documents[0].assessment_id]),
        "diff": reverse("public:diff") + f"?old={pair[0].assessment_id}&new={pair[1].assessment_id}",
        "organization": reverse("public:organization", args=[organization.pk]),
        "statistics": reverse("public:statistics"),
        "open_data": reverse("public:open_data"),
        "law": reverse("law:index"),
        "login": reverse("two_factor:login"),
    }
    officer = User.objects.get(username="demo-officer")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = (
        TOTPDevice.objects.filter(user=officer, confirmed=True).first().persistent_id
    )
    session.save()
    assessment = Assessment.objects.filter(organization=organization).order_by("pk").first()
    private = {
        "dashboard": reverse("accounts:officer_dashboard"),
        "registry": reverse("registry:organization", args=[organization.pk]),
        "assessment_list": reverse("assessments:organization", args=[organization.pk]),
        "assessment_detail": reverse("assessments:detail", args=[assessment.pk]),
    }
    administrator = _verified_client(User.objects.get(username="demo-admin"))
    change_set = ChangeSet.objects.order_by("-id").first()
    commission = {
        "change_sets": reverse("law:change_set_list"),
        "change_set_new": reverse("law:change_set_new"),
    }
    if change_set is not None:
        commission["change_set_detail"] = reverse("law:change_set_detail", args=[change_set.pk])
    anonymous = Client()
    for pages, http in ((public, anonymous), (private, client), (commission, administrator)):
        for name, url in pages.items():
            response = http.get(url)
            if response.status_code != 200:
                sys.exit(f"{name} {url}: {response.status_code}")
            (out / f"{name}.html").write_bytes(response.content)
            print(f"{name:18} {url}")
    # The change set's preview (a dry run: nothing is written) and a refused one with its problems.
    for name, text in (
        ("change_set_preview", PREVIEWED),
        ("change_set_problems", "effective_on: 2030-01-01\n"),
    ):
        response = administrator.post(reverse("law:change_set_new"), {"text": text})
        if response.status_code != 200:
            sys.exit(f"{name}: {response.status_code}")
        (out / f"{name}.html").write_bytes(response.content)
        print(f"{name:18} POST {reverse('law:change_set_new')}")


PREVIEWED = """effective_on: 2030-01-01
source: 令和12年政令（例）
add:
  categories:
    - {key: cat-html-check, name: 検証用関係情報}
"""


def _verified_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = (
        TOTPDevice.objects.filter(user=user, confirmed=True).first().persistent_id
    )
    session.save()
    return client


if __name__ == "__main__":
    main(Path(sys.argv[1]))
