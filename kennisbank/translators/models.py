from django.db import models

PERMISSION = "translators.use_translator_tools"


class TranslatorTools(models.Model):
    """No table: the holder of the permission to download and upload translator files and to
    read the Translations report. Both show the text of every page, drafts and restricted pages
    included, so "access admin" alone is not enough. Migration 0002 gives it to the editor groups."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("use_translator_tools", "Can use translator files and the Translations report")]

    def __str__(self):
        return self._meta.verbose_name
