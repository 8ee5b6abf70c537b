"""URLs of the assessments app. Every name is in :data:`ACCESS` (tests/accounts/test_access_policy.py walks them)."""

from __future__ import annotations

from django.urls import path

from compliance.accounts.access import AUTHENTICATED, OFFICER, PUBLIC, REVIEWER
from compliance.assessments import views

app_name = "assessments"

urlpatterns = [
    # The body's officers.
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("organizations/<int:pk>/affairs/<int:affair_pk>/new/", views.create, name="create"),
    path("<int:pk>/forms/<slug:form>/sections/<slug:key>/", views.section, name="section"),
    path("<int:pk>/comments/", views.comments, name="comments"),
    path("<int:pk>/comments/<int:comment_pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("<int:pk>/comments/<int:comment_pk>/reflect/", views.comment_reflect, name="comment_reflect"),
    path("<int:pk>/reassess/", views.reassess, name="reassess"),
    path("<int:pk>/yearly-review/", views.yearly_review, name="yearly_review"),
    # The body and the commission.
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/actions/<slug:name>/", views.action, name="action"),
    path("<int:pk>/review-comments/", views.review_comment, name="review_comment"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("reminders/", views.reminders, name="reminders"),
    # The commission.
    path("review/", views.queue, name="queue"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    # Anyone.
    path("public-comment/", views.comment_list, name="public_comments"),
    path("public-comment/<int:pk>/", views.comment_page, name="public_comment"),
]

#: Who may reach each page (merged by compliance.accounts.access.access_table). Actions are
#: ``authenticated``: the state machine then decides by role (officer, approver, reviewer).
ACCESS = {
    "assessments:organization": OFFICER,
    "assessments:create": OFFICER,
    "assessments:section": OFFICER,
    "assessments:comments": OFFICER,
    "assessments:comment_moderate": OFFICER,
    "assessments:comment_reflect": OFFICER,
    "assessments:reassess": OFFICER,
    "assessments:yearly_review": OFFICER,
    "assessments:detail": AUTHENTICATED,
    "assessments:action": AUTHENTICATED,
    "assessments:review_comment": AUTHENTICATED,
    "assessments:versions": AUTHENTICATED,
    "assessments:version": AUTHENTICATED,
    "assessments:diff": AUTHENTICATED,
    "assessments:reminders": AUTHENTICATED,
    "assessments:queue": REVIEWER,
    "assessments:assign": REVIEWER,
    "assessments:public_comments": PUBLIC,
    "assessments:public_comment": PUBLIC,
}
