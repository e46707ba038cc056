"""Revision Compare for rich text: changed only when the text changed, shown paragraph by paragraph.

Wagtail compares the stored HTML, and the editor gives every paragraph a new `data-block-key` on
each save, so every rich-text field in all three languages was listed as changed after any save;
and its diff took the text out of the paragraphs, running them together."""

from bs4 import BeautifulSoup
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.admin.compare import RichTextFieldComparison, diff_text, register_comparison_class
from wagtail.fields import RichTextField

from .revisions import same_text

BLOCKS = ["p", "h2", "h3", "h4", "li", "blockquote"]


def paragraphs(html):
    """The text of rich text with one line per paragraph (or heading, or list item)."""
    soup = BeautifulSoup(html or "", "html.parser")
    return "\n".join(block.get_text(" ", strip=True) for block in soup.find_all(BLOCKS)) or soup.get_text()


class RichTextComparison(RichTextFieldComparison):
    def has_changed(self):
        return not same_text(self.val_a, self.val_b)

    def htmldiff(self):
        # Both are escaped (diff_text escapes what it is given); line breaks between paragraphs
        # become <br>.
        if self.has_changed():
            html = diff_text(paragraphs(self.val_a), paragraphs(self.val_b)).to_html()
        else:
            html = escape(paragraphs(self.val_a))
        return mark_safe(html.replace("\n", "<br>"))  # noqa: S308


register_comparison_class(RichTextField, comparison_class=RichTextComparison)
