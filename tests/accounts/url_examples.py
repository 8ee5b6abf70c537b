"""How the access matrix calls each URL: arguments, method and the few documented exceptions.

The matrix (tests/accounts/test_access_policy.py) calls every URL of the resolver
as each member of the cast. A URL without arguments needs nothing here. A URL with
arguments needs an :class:`Example` that builds them from the cast, normally an
object of organisation A (``org_scoped=True``): officer B must then get 404.

Other apps put their examples in ``tests/<app>/url_examples.py``::

    from tests.accounts.url_examples import Example

    EXAMPLES = {
        "registry:affair_detail": lambda cast: Example(
            kwargs={"pk": AffairFactory(organization=cast.org_a).pk}, org_scoped=True
        ),
    }

The admin site's URLs get generic arguments (a missing object id, the ``accounts``
app label) from :func:`admin_example`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from compliance.accounts.models import Organization

ROLES = ("anonymous", "officer_a", "officer_b", "reviewer", "commission_admin", "outsider")

#: Outcomes of one request, as the matrix classifies them.
OK, LOGIN, DENIED, MISSING = "ok", "login", "denied (403)", "missing (404)"
#: Sent to enrol a second factor (a logged-in user who has none yet).
SETUP = "second-factor set-up"


@dataclass(frozen=True)
class Example:
    """One call of a URL: how to build it and, rarely, a documented exception to its level."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    query: str = ""
    session: dict[str, Any] = field(default_factory=dict)
    #: The URL names an object of organisation A: users who may not see A get 404.
    org_scoped: bool = False
    #: Outcomes by role that replace what the level predicts; ``reason`` must say why.
    expect: dict[str, set[str]] = field(default_factory=dict)
    reason: str = ""


ExampleBuilder = Callable[[Any], Example]

EXAMPLES: dict[str, ExampleBuilder] = {
    "set_language": lambda cast: Example(method="post", data={"language": "en", "next": "/"}),
    "accounts:logout": lambda cast: Example(method="post"),
    "accounts:organization_detail": lambda cast: Example(kwargs={"pk": cast.org_a.pk}, org_scoped=True),
    # A reset link with a token that is not valid: the page says the link cannot be used.
    "accounts:password_reset_confirm": lambda cast: Example(
        kwargs={"uidb64": "MQ", "token": "not-a-valid-token"}
    ),
    # The QR code of a set-up in progress: the secret lives in the session.
    "two_factor:qr": lambda cast: Example(session={"django_two_factor-qr_secret_key": "JBSWY3DPEHPK3PXP"}),
    "admin:logout": lambda cast: Example(method="post"),
    "admin:login": lambda cast: Example(
        expect={"commission_admin": {LOGIN}},
        reason="the admin site has no login form of its own: it forwards even staff to two_factor:login",
    ),
    "admin:autocomplete": lambda cast: Example(
        query="app_label=accounts&model_name=membership&field_name=organization&term=%E8%8B%AB"
    ),
    "admin:view_on_site": lambda cast: Example(
        kwargs={
            "content_type_id": ContentType.objects.get_for_model(Organization).pk,
            "object_id": str(cast.org_a.pk),
        }
    ),
}

_ADMIN_DEFAULTS = {"object_id": "0", "pk": "0", "id": "0", "app_label": "accounts", "url": "no-such-page/"}


def admin_example(kwarg_names: tuple[str, ...]) -> Example:
    """Arguments for the admin site's own URLs: an object that does not exist, a real app label."""
    return Example(kwargs={name: _ADMIN_DEFAULTS[name] for name in kwarg_names})
