"""Every write of the assessments app (keyword-only, ``acting_user``, one transaction, one audit event).

Grouped by idea: drafting (create, answer, re-assess, yearly review), the body's
procedure (public comment, third-party review, submit, withdraw, end), public
comments, and the commission's review.
"""

from compliance.assessments.services.comments import (
    MAX_COMMENT_LENGTH,
    RateLimited,
    public_comment_moderate,
    public_comment_reflect,
    public_comment_submit,
)
from compliance.assessments.services.drafting import (
    answers_save,
    assessment_create,
    assessment_number_set,
    draft_assessments_ensure,
    reassessment_start,
    yearly_review_record,
)
from compliance.assessments.services.freezing import REMEDIED_BY_ASSESSMENT, readiness, version_freeze
from compliance.assessments.services.procedure import (
    assessment_end,
    assessment_resubmit,
    assessment_submit,
    assessment_withdraw,
    comment_period_close,
    comment_period_open,
    third_party_review_record,
)
from compliance.assessments.services.review import (
    assessment_publish,
    review_accept,
    review_approve,
    review_assign,
    review_comment_add,
    review_request_changes,
    review_start,
)

__all__ = [
    "MAX_COMMENT_LENGTH",
    "REMEDIED_BY_ASSESSMENT",
    "RateLimited",
    "answers_save",
    "assessment_create",
    "assessment_end",
    "assessment_number_set",
    "assessment_publish",
    "assessment_resubmit",
    "assessment_submit",
    "assessment_withdraw",
    "comment_period_close",
    "comment_period_open",
    "draft_assessments_ensure",
    "public_comment_moderate",
    "public_comment_reflect",
    "public_comment_submit",
    "readiness",
    "reassessment_start",
    "review_accept",
    "review_approve",
    "review_assign",
    "review_comment_add",
    "review_request_changes",
    "review_start",
    "third_party_review_record",
    "version_freeze",
    "yearly_review_record",
]
