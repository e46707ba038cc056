from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from search.models import SearchEvent, UnansweredQuery


class Command(BaseCommand):
    help = (
        "Forget searches older than --days: daily hit counts, searches without results last "
        "seen before then, readers' searches (clicks, searched again) and search terms left with "
        "none of these (nor a Wagtail promotion)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="Days of the log to keep (90).")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        hits, _ = QueryDailyHits.objects.filter(date__lt=cutoff.date()).delete()
        unanswered, _ = UnansweredQuery.objects.filter(last_seen__lt=cutoff).delete()
        events, _ = SearchEvent.objects.filter(created_at__lt=cutoff).delete()
        orphans = Query.objects.filter(
            ~Exists(QueryDailyHits.objects.filter(query=OuterRef("pk"))),
            ~Exists(UnansweredQuery.objects.filter(query=OuterRef("pk"))),
            ~Exists(SearchPromotion.objects.filter(query=OuterRef("pk"))),
        )
        terms, _ = orphans.delete()
        self.stdout.write(
            f"Search log pruned (older than {days} days): {hits} daily counts, "
            f"{unanswered} searches without results, {events} readers' searches, {terms} search terms."
        )
