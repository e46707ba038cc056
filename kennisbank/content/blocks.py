"""StreamField blocks for attitude pages.

"Block" here is Wagtail's StreamField building unit, not a Bouwsteen: the model's building
blocks are ``BlockPage`` pages. Hence the names ``ExampleBlock`` and ``ExerciseBlock`` and
never ``Block...Block``.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

AUDIENCE_PARENTS = "parents"
AUDIENCE_PROFESSIONALS = "professionals"
AUDIENCE_BOTH = "both"
AUDIENCE_CHOICES = [
    (AUDIENCE_PARENTS, _("Parents")),
    (AUDIENCE_PROFESSIONALS, _("Professionals")),
    (AUDIENCE_BOTH, _("Parents and professionals")),
]


# What editors may use in the texts of examples and exercises; imported text is held to the same
# list (kennisbank/translators/po_files.py).
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
STEP_FEATURES = ["bold", "italic", "link"]


class AudienceChoiceBlock(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        super().__init__(
            choices=AUDIENCE_CHOICES,
            default=AUDIENCE_BOTH,
            label=_("Audience"),
            help_text=_("Who this is written for."),
            **kwargs,
        )

    def deconstruct(self):
        # Choices live in this module, so migrations need not copy them.
        return ("kennisbank.content.blocks.AudienceChoiceBlock", (), {})


class AudienceStructBlock(blocks.StructBlock):
    """An example or exercise: its template shows who it is written for."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["audience_label"] = dict(AUDIENCE_CHOICES).get(value.get("audience"), "")
        return context


class ExampleBlock(AudienceStructBlock):
    """A recognisable everyday situation showing the attitude in practice."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = blocks.RichTextBlock(label=_("Situation"), features=TEXT_FEATURES, help_text=_("What happens."))
    parent_action = blocks.RichTextBlock(
        label=_("What the parent does"), features=TEXT_FEATURES, help_text=_("The attitude, in this situation.")
    )
    why_it_helps = blocks.RichTextBlock(
        label=_("Why it helps"), features=TEXT_FEATURES, required=False, help_text=_("What it gives the child.")
    )
    image = ImageChooserBlock(label=_("Image"), required=False, help_text=_("Optional; give it an alt text."))
    audience = AudienceChoiceBlock()

    class Meta:
        icon = "openquote"
        label = _("Example")
        template = "kennisbank/blocks/example.html"


class ExerciseBlock(AudienceStructBlock):
    """Something a parent can practise; professionals hand these out, so they print well."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    aim = blocks.TextBlock(label=_("Aim"), help_text=_("What the exercise practises."))
    steps = blocks.ListBlock(blocks.RichTextBlock(label=_("Step"), features=STEP_FEATURES), label=_("Steps"))
    duration = blocks.IntegerBlock(
        label=_("Duration in minutes"), required=False, min_value=1, max_value=600
    )
    audience = AudienceChoiceBlock()

    class Meta:
        icon = "list-ol"
        label = _("Exercise")
        template = "kennisbank/blocks/exercise.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if minutes := value.get("duration"):
            context["duration"] = ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}
        return context


def stream_texts(stream_data):
    """(path, text) for every text in the raw data of an examples or exercises stream.

    The path ("0/situation", "1/steps/2") names the block's place in the stream and the text's
    place in the block; the search index and the translator files both read streams this way.
    """
    for index, block in enumerate(stream_data):
        for child, value in block["value"].items():
            if isinstance(value, str) and child != "audience":
                yield f"{index}/{child}", value
            elif isinstance(value, list):
                for item_index, item in enumerate(value):
                    text = item.get("value") if isinstance(item, dict) else item
                    if isinstance(text, str):
                        yield f"{index}/{child}/{item_index}", text
