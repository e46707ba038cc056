"""Review mail in the recipient's own admin language, with a preview of the language that was
edited.

Wagtail renders a notification in the recipient's preferred language only when they chose one,
and otherwise in the language of whoever triggered it (an Arabic-speaking editor's submission
reached the Eindredactie in Arabic); its HTML part is rendered outside that language altogether,
and the page title is `draft_title`, stored in whichever language the last editor used. Here each
mail is rendered whole in the recipient's language (their profile's, else the site's source
language), with the page's title in that language, and the "submitted" mail links a preview of
each language the submitted revision changed (kennisbank.content.revisions.edited_languages)."""

from django.conf import settings
from django.utils import translation
from wagtail.admin import mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from kennisbank.core.languages import language_codes

from .revisions import edited_languages


def admin_language(user):
    """The language a user reads the admin (and its mail) in: the one they chose in their
    account, else the site's source language."""
    chosen = UserProfile.get_for_user(user).preferred_language
    return chosen if chosen in language_codes() else settings.LANGUAGE_CODE


class InRecipientLanguage:
    """Renders each recipient's mail (subject, text and HTML) inside their language."""

    def send_emails(self, template_set, context, recipients, **kwargs):
        sent = True
        for recipient in recipients:
            with translation.override(admin_language(recipient)):
                sent &= super().send_emails(template_set, self.in_language(context), [recipient], **kwargs)
        return sent

    @staticmethod
    def in_language(context):
        """The page as its latest revision has it, titled in the active language."""
        page = context.get("page")
        if page is None:
            return context
        shown = page.get_latest_revision_as_object()
        shown.draft_title = shown.title  # modeltranslation reads `title` in the active language
        return {**context, "page": shown, "object": shown}


class TaskSubmitted(InRecipientLanguage, mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        names = dict(settings.LANGUAGES)
        edited = edited_languages(task_state.revision) if task_state.revision else []
        context["preview_languages"] = [(code, names[code]) for code in edited or [settings.LANGUAGE_CODE]]
        return context


class WorkflowSubmitted(InRecipientLanguage, mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApproved(InRecipientLanguage, mail.WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejected(InRecipientLanguage, mail.WorkflowStateRejectionEmailNotifier):
    pass


# Wagtail's dispatch_uids (wagtail/admin/signal_handlers.py): connected under the same ones and
# before wagtail.admin's (kennisbank.content comes first in INSTALLED_APPS), so Django keeps
# these and ignores Wagtail's own.
NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", TaskSubmitted),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification", WorkflowSubmitted),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", WorkflowRejected),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification", WorkflowApproved),
]


def connect():
    for signal, sender, dispatch_uid, notifier in NOTIFIERS:
        signal.connect(notifier(), sender=sender, dispatch_uid=dispatch_uid, weak=False)
