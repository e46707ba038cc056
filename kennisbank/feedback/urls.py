from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^feedback/(?P<page_id>[0-9]+)/$", views.submit, name="feedback"),
    re_path(r"^feedback/(?P<page_id>[0-9]+)/thanks/$", views.thanks, name="feedback_thanks"),
]
