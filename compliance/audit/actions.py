"""Every audit action, registered once with a line saying what its event records.

An action is ``compliance.<entity>.<event>``: the thing the write concerns (a user, an
assessment, the legal catalog …, never an app's name) and what happened to it, a past
participle, led by its object where the entity is not itself what changed
(``user.password_set``) or followed by how (``organization.added_in_admin``).
:func:`compliance.audit.services.record` refuses an action that is not in :data:`ACTIONS`,
so a misspelt or new action fails the first time it is written, in a test.

Stored events are never rewritten (the log is hash-chained and append-only; see
docs/decisions.md, "Audit log"), so the events written before an action got its present name
keep the old one: :data:`RENAMED` maps each old name to the present one, and
:func:`canonical` reads either.
"""

from __future__ import annotations

#: The registry's entry kinds, by the noun their actions use (compliance.registry.writes.NOUNS).
REGISTRY_NOUNS: dict[str, str] = {
    "ordinance": "an ordinance (条例) of the registry",
    "ordinance_affair": "an affair an ordinance names (条例事務)",
    "intra_provision": "an ordinance's provision within the body (庁内連携)",
    "affair": "an affair (特定個人情報ファイルを取り扱う事務)",
    "file": "a specific personal information file (特定個人情報ファイル)",
    "terminal": "a terminal",
    "provision": "a provision of information (情報提供)",
    "card_flow": "a card-reader data flow",
    "entrustment": "an entrustment (委託)",
    "declared_assessment": "a declared assessment (評価書の記録)",
    "change": "a change to an affair",
    "incident": "an incident (事故)",
}

#: Every action :func:`compliance.audit.services.record` accepts, with what its event records.
ACTIONS: dict[str, str] = {
    # accounts
    "compliance.organization.created": "An organisation (評価実施機関) was registered.",
    "compliance.organization.added_in_admin": "A commission administrator added an organisation in the admin.",
    "compliance.organization.changed_in_admin": "An organisation was edited in the admin (the fields' names).",
    "compliance.organization.deleted_in_admin": "An organisation was deleted in the admin.",
    "compliance.user.created": "A user account was created.",
    "compliance.user.added_in_admin": "A commission administrator added a user in the admin.",
    "compliance.user.changed_in_admin": "A user was edited in the admin (the fields' names, never their values).",
    "compliance.user.deleted_in_admin": "A user was deleted in the admin.",
    "compliance.user.password_changed_in_admin": "A commission administrator set a user's password in the admin.",
    "compliance.user.totp_device_set": "A user was given a confirmed authenticator (TOTP) device.",
    "compliance.user.backup_tokens_set": "A user's backup codes were replaced (their count).",
    "compliance.user.second_factor_enrolled": "A user enrolled a second factor (the method).",
    "compliance.user.second_factor_disabled": "A user removed their own second-factor devices.",
    "compliance.user.second_factor_reset": "An administrator removed a user's second-factor devices (a lost device).",
    "compliance.user.commission_admin_granted": "A user was made a commission administrator.",
    "compliance.user.password_set": "A user's password was set (an administrator's reset, the demo users).",
    "compliance.user.password_reset_requested": "A password-reset link was mailed to a user.",
    "compliance.user.password_reset_unmatched": "A reset was asked for an address no active account has; no mail.",
    "compliance.user.password_reset": "The holder of a reset link set a new password.",
    "compliance.membership.granted": "A user was let act for an organisation (officer or approver).",
    "compliance.membership.changed": "A user's role for an organisation changed.",
    "compliance.membership.added_in_admin": "A membership was added in the admin.",
    "compliance.membership.changed_in_admin": "A membership was edited in the admin (the fields' names).",
    "compliance.membership.deleted_in_admin": "A membership was deleted in the admin.",
    # law
    "compliance.catalog.loaded": "The legal catalog was loaded from its files (manage.py load_catalog).",
    "compliance.catalog.amended": "An amendment change set was applied to the legal catalog.",
    "compliance.catalog.imported_from_egov": "Rows of an e-Gov law XML were imported into the legal catalog.",
    "compliance.catalog_record.added": "A commission administrator added a record to the legal catalog.",
    "compliance.catalog_record.corrected": "A commission administrator corrected a record of the legal catalog.",
    "compliance.catalog_record.deleted": "A commission administrator deleted a record of the legal catalog.",
    # registry
    "compliance.declaration.imported": "A pia-declaration/1 document was imported into a body's registry.",
    **{
        f"compliance.{noun}.{verb}": f"{what[0].upper()}{what[1:]} was {verb}."
        for noun, what in REGISTRY_NOUNS.items()
        for verb in ("created", "updated", "deleted")
    },
    # checks
    "compliance.findings.refreshed": "A body's stored findings changed when recomputed (opened, reopened, resolved).",
    "compliance.findings.catalog_rechecked": "Every body's findings were rechecked after a catalog change set.",
    "compliance.finding.answered": "An officer answered a finding (the answer and its reason).",
    "compliance.finding.reopened": "A resolved or fixed finding was reported again and reopened.",
    # assessments
    "compliance.assessment.created": "An assessment (特定個人情報保護評価書) was drafted.",
    "compliance.assessment.answers_saved": "An assessment's answers were saved.",
    "compliance.assessment.number_set": "An assessment was given its number.",
    "compliance.assessment.reviewed": "An assessment's annual review (見直し) was recorded.",
    "compliance.assessment.comment_opened": "An assessment's public comment period (意見聴取) opened.",
    "compliance.assessment.comment_closed": "An assessment's public comment period closed.",
    "compliance.assessment.third_party_reviewed": "An assessment's third-party review (第三者点検) was recorded.",
    "compliance.assessment.submitted": "An assessment was submitted to the commission.",
    "compliance.assessment.resubmitted": "An assessment was submitted again after changes were requested.",
    "compliance.assessment.withdrawn": "An assessment was withdrawn.",
    "compliance.assessment.ended": "An assessment's affair ended: it stays published a while, marked 【終了】.",
    "compliance.assessment.level_raised": "An assessment was prompted to a higher level (the threshold changed).",
    "compliance.assessment.review_started": "The commission started reviewing an assessment.",
    "compliance.assessment.assigned": "An assessment was assigned to a reviewer.",
    "compliance.assessment.review_comment_added": "A reviewer commented on an assessment.",
    "compliance.assessment.changes_requested": "The commission asked for changes to an assessment.",
    "compliance.assessment.accepted": "The commission accepted a submission (受理; its reasons).",
    "compliance.assessment.approved": "The commission approved an assessment (委員会の承認).",
    "compliance.assessment.superseded": "An assessment was superseded by a newer one of its affair.",
    "compliance.assessment.published": "An assessment was published (公表).",
    "compliance.assessment.notified": "The people concerned were told of an assessment's step.",
    "compliance.assessment.reminders_sent": "Reminders of a published assessment's duties were sent.",
    "compliance.public_comment.received": "A public comment on an assessment was received.",
    "compliance.public_comment.published": "A public comment was published.",
    "compliance.public_comment.hidden": "A public comment was hidden (the reason).",
    "compliance.public_comment.reflected": "How a public comment was reflected in the assessment was recorded.",
    # documents
    "compliance.document.requested": "A document (PDF) of an assessment was requested.",
    "compliance.document.rendered": "A requested document was rendered.",
    "compliance.document.failed": "A requested document could not be rendered.",
    # public
    "compliance.search_index.rebuilt": "The public search index was rebuilt from the publications.",
}

#: Actions by the name their events were written with before they were renamed → the present name.
RENAMED: dict[str, str] = {
    "compliance.admin.organization_added": "compliance.organization.added_in_admin",
    "compliance.admin.organization_changed": "compliance.organization.changed_in_admin",
    "compliance.admin.organization_deleted": "compliance.organization.deleted_in_admin",
    "compliance.admin.user_added": "compliance.user.added_in_admin",
    "compliance.admin.user_changed": "compliance.user.changed_in_admin",
    "compliance.admin.user_deleted": "compliance.user.deleted_in_admin",
    "compliance.admin.user_password_changed": "compliance.user.password_changed_in_admin",
    "compliance.admin.membership_added": "compliance.membership.added_in_admin",
    "compliance.admin.membership_changed": "compliance.membership.changed_in_admin",
    "compliance.admin.membership_deleted": "compliance.membership.deleted_in_admin",
    "compliance.law.catalog_loaded": "compliance.catalog.loaded",
    "compliance.law.catalog_amended": "compliance.catalog.amended",
    "compliance.law.egov_imported": "compliance.catalog.imported_from_egov",
    "compliance.law.record_added": "compliance.catalog_record.added",
    "compliance.law.record_corrected": "compliance.catalog_record.corrected",
    "compliance.law.record_deleted": "compliance.catalog_record.deleted",
    "compliance.registry.declaration.imported": "compliance.declaration.imported",
    # The registry's entries were compliance.registry.<noun>.<verb> (a declared assessment's noun was
    # "assessment", which the assessments' own actions use).
    **{
        f"compliance.registry.{'assessment' if noun == 'declared_assessment' else noun}.{verb}": f"compliance.{noun}.{verb}"
        for noun in REGISTRY_NOUNS
        for verb in ("created", "updated", "deleted")
    },
    "compliance.public.search.reindexed": "compliance.search_index.rebuilt",
}


class UnknownAction(ValueError):
    """An action that is not registered in :data:`ACTIONS`."""


def canonical(action: str) -> str:
    """The present name of ``action``, which may be a name stored events were written with earlier."""
    return RENAMED.get(action, action)


def check(action: str) -> None:
    """Raise :class:`UnknownAction` unless ``action`` is registered (an old name is not: it is only read)."""
    if action not in ACTIONS:
        raise UnknownAction(f"audit action {action!r} is not registered in compliance.audit.actions.ACTIONS")
