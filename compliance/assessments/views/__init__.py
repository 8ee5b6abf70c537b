"""Views of the assessments app, by audience: the assessment's pages, actions, the body, the commission, the public."""

from compliance.assessments.views.actions import action
from compliance.assessments.views.officer import (
    comment_moderate,
    comment_reflect,
    comments,
    create,
    organization,
    reassess,
    reminders,
    yearly_review,
)
from compliance.assessments.views.pages import detail, diff, section, version, versions
from compliance.assessments.views.public import comment_list, comment_page
from compliance.assessments.views.review import assign, queue, review_comment

__all__ = [
    "action",
    "assign",
    "comment_list",
    "comment_moderate",
    "comment_page",
    "comment_reflect",
    "comments",
    "create",
    "detail",
    "diff",
    "organization",
    "queue",
    "reassess",
    "reminders",
    "review_comment",
    "section",
    "version",
    "versions",
    "yearly_review",
]
