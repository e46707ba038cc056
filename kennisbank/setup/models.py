from django.db import models


class Fingerprint(models.Model):
    """A hash of what something in the database was last made from (the content: the seed data and
    its loader; the search index: its code and that content). Kept in the database it describes, so
    a new or reset database has none and gets everything made."""

    name = models.CharField(max_length=40, unique=True)
    value = models.CharField(max_length=64)
    made_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name}: {self.value[:12]}"
