"""Models of the assessments app, one module per idea."""

from compliance.assessments.models.assessment import Assessment, AssessmentForm, AssessmentQuerySet
from compliance.assessments.models.comments import (
    CommentPeriod,
    CommentState,
    PublicComment,
    period_days,
)
from compliance.assessments.models.notifications import Notification, NotificationKind
from compliance.assessments.models.review import (
    Decision,
    DecisionKind,
    ReminderKind,
    ReminderSent,
    ReviewComment,
)
from compliance.assessments.models.versions import (
    AssessmentVersion,
    FrozenQuerySet,
    FrozenVersionError,
    VersionKind,
    canonical_json,
    sha256_of,
)

__all__ = [
    "Assessment",
    "AssessmentForm",
    "AssessmentQuerySet",
    "AssessmentVersion",
    "CommentPeriod",
    "CommentState",
    "Decision",
    "DecisionKind",
    "FrozenQuerySet",
    "FrozenVersionError",
    "Notification",
    "NotificationKind",
    "PublicComment",
    "ReminderKind",
    "ReminderSent",
    "ReviewComment",
    "VersionKind",
    "canonical_json",
    "period_days",
    "sha256_of",
]
