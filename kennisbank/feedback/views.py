"""The feedback form's POST, which works without JavaScript on a page served from the HTTP cache.

The page carries no CSRF token or cookie (kennisbank/caching/headers.py would keep it out of
the cache), so this view is exempt from Django's CSRF check and protects itself instead
(kennisbank/feedback/limits.py). Post/redirect/get: a counted answer ends on a thank-you page.
"""

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Page

from .forms import FeedbackForm
from .limits import from_our_pages, over_rate_limit, pages_voted_today, remember_vote
from .models import Feedback

# The page types that show the form (components/feedback.html): "About this site" promises it
# at the bottom of the pages readers read.
FEEDBACK_PAGE_TYPES = ("kennisbank.BlockPage", "kennisbank.AttitudePage", "kennisbank.ContentPage")


def page_for_feedback(page_id):
    """A live, public block, attitude or standing page, else a 404 (also for an id too long to be one,
    which the database would refuse with an error)."""
    models = [apps.get_model(name) for name in FEEDBACK_PAGE_TYPES]
    page = len(page_id) <= 9 and Page.objects.live().public().type(*models).filter(id=int(page_id)).first()
    if not page:
        raise Http404(_("This page does not exist or cannot be given feedback."))
    return page


def refused(request, page, form, message, status):
    response = render(request, "feedback/refused.html", {"feedback_page": page, "form": form, "message": message},
                      status=status)
    if status == 429:
        response["Retry-After"] = str(settings.FEEDBACK_RATE_LIMIT[1])
    return response


@csrf_exempt
@require_POST
def submit(request, page_id):
    page = page_for_feedback(page_id)
    form = FeedbackForm(request.POST)
    if not from_our_pages(request):
        return refused(request, page, None, _("This form can only be sent from a page of this site."), 403)
    if over_rate_limit(request):
        return refused(request, page, None, _("Many answers came from your connection in a short time. "
                                              "Please try again in a few minutes."), 429)
    thanks = HttpResponseRedirect(reverse("feedback_thanks", args=[page.id]), status=303)
    if form.is_trap_filled():
        return thanks  # a bot: it learns nothing, nothing is kept
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return refused(request, page, form, message, 400)
    if page.id not in pages_voted_today(request):
        Feedback.objects.create(
            page=page, language=translation.get_language(),
            helpful=form.cleaned_data["helpful"] == "yes", comment=form.cleaned_data["comment"],
        )
        remember_vote(thanks, request, page.id)
    return thanks


@require_safe
def thanks(request, page_id):
    return render(request, "feedback/thanks.html", {"feedback_page": page_for_feedback(page_id).specific})
