"""StreamField blocks for attitude pages and the situation finder.

"Block" here is Wagtail's StreamField building unit, not a Bouwsteen: the model's building
blocks are ``BlockPage`` pages. Hence the names ``ExampleBlock`` and ``ExerciseBlock`` and
never ``Block...Block``.
"""

import copy

from django.utils.html import strip_tags
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
# The line above an example or exercise, translated whole: Arabic puts the audience in another
# case after its preposition ("للوالدين"), so "For:" plus a label cannot be right in every language.
AUDIENCE_LINES = {
    AUDIENCE_PARENTS: _("For parents"),
    AUDIENCE_PROFESSIONALS: _("For professionals"),
    AUDIENCE_BOTH: _("For parents and professionals"),
}
# The adult who acts in an example is the one it is written for: in a professional's example a
# teacher or group worker acts, not a parent.
ACTION_LABELS = {AUDIENCE_PROFESSIONALS: _("What the professional does")}
PARENT_ACTION_LABEL = _("What the parent does")


# What editors may use in the texts of examples and exercises; imported text is held to the same
# list (kennisbank/translators/po_files.py).
#
# The text parts are optional: a translation may leave a part empty, and the reader then sees
# the Dutch part in its place, marked as Dutch (fill_from_source below).
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
STEP_FEATURES = ["bold", "italic", "link"]


# One image per example or exercise, for every language: chosen in the Dutch version, it shows
# on the English and Arabic pages too (fill_from_source), each with its own description.
IMAGE_HELP = _("Optional. Choose it in the Dutch version: it shows in every language. A translation "
               "that chooses its own image shows that one instead.")
IMAGE_ALT_HELP = _("What the image shows, for readers who cannot see it, in this language. Leave it empty "
                   "only when the image adds nothing to the text.")


def image_blocks():
    """An example's or exercise's image and its description: new blocks for each, as every
    StructBlock owns its children."""
    return (
        ImageChooserBlock(label=_("Image"), required=False, help_text=IMAGE_HELP),
        blocks.CharBlock(label=_("Image description (alt text)"), max_length=250, required=False,
                         help_text=IMAGE_ALT_HELP),
    )


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
    """An example or exercise: written for parents, professionals or both (its ``audience``, the
    first thing an editor chooses), which its template shows and readers filter by."""

    audience = AudienceChoiceBlock()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["audience_line"] = AUDIENCE_LINES.get(value.get("audience"), "")
        context["action_label"] = ACTION_LABELS.get(value.get("audience"), PARENT_ACTION_LABEL)
        # The parts shown in Dutch (fill_from_source): the template's lang_attr marks them.
        context["untranslated"] = getattr(value, "untranslated", ())
        return context


class ExampleBlock(AudienceStructBlock):
    """A recognisable everyday situation showing the attitude in practice."""

    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    situation = blocks.RichTextBlock(
        label=_("Situation"), features=TEXT_FEATURES, required=False, help_text=_("What happens.")
    )
    parent_action = blocks.RichTextBlock(
        label=_("What the parent does"), features=TEXT_FEATURES, required=False,
        help_text=_("The attitude, in this situation."),
    )
    why_it_helps = blocks.RichTextBlock(
        label=_("Why it helps"), features=TEXT_FEATURES, required=False, help_text=_("What it gives the child.")
    )
    image, image_alt = image_blocks()

    class Meta:
        icon = "openquote"
        label = _("Example")
        template = "kennisbank/blocks/example.html"


class ExerciseBlock(AudienceStructBlock):
    """Something a parent can practise; professionals hand these out, so they print well."""

    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    aim = blocks.TextBlock(label=_("Aim"), required=False, help_text=_("What the exercise practises."))
    steps = blocks.ListBlock(
        blocks.RichTextBlock(label=_("Step"), features=STEP_FEATURES, required=False), label=_("Steps")
    )
    duration = blocks.IntegerBlock(
        label=_("Duration in minutes"), required=False, min_value=1, max_value=600
    )
    image, image_alt = image_blocks()

    class Meta:
        icon = "list-ol"
        label = _("Exercise")
        template = "kennisbank/blocks/exercise.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if minutes := value.get("duration"):
            context["duration"] = ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}
        return context


class ThemeBlock(blocks.StructBlock):
    """One theme of the situation finder: what a parent sees ("Mijn kind slaapt slecht"), a
    few words about it and the attitudes that help. No diagnosis: it leads to attitudes only."""

    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, required=False,
        help_text=_("What the reader sees, in their words: “My child …”."),
    )
    text = blocks.TextBlock(label=_("Text"), required=False, help_text=_("One or two sentences."))
    attitudes = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="kennisbank.AttitudePage", label=_("Attitude")),
        label=_("Attitudes that help"), max_num=4,
        help_text=_("Two to four. Choose them in the Dutch version: every language shows them. A "
                    "translation that chooses its own shows those instead."),
    )

    class Meta:
        icon = "help"
        label = _("Theme")


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


def has_text(text):
    """Whether a text part says anything (rich text's empty paragraphs do not)."""
    return bool(strip_tags(text or "").strip())


def put_text(block_value, path, text):
    """Write `text` into a block's raw value at `path` ("situation", "steps/2"), the place
    stream_texts names; a list gets new items up to that place."""
    child, *item = path.split("/")
    if not item:
        block_value[child] = text
        return
    items, index = block_value.setdefault(child, []), int(item[0])
    while len(items) <= index:
        items.append({"type": "item", "value": ""})
    if isinstance(items[index], dict):
        items[index]["value"] = text
    else:
        items[index] = text


def missing_parts(stream_data, source_data):
    """For each Dutch block, the paths of its text parts that the translated stream (raw data)
    leaves empty at the same place; the translator files number blocks the same way."""
    translated = dict(stream_texts(stream_data))
    missing = [[] for _block in source_data]
    for path, text in stream_texts(source_data):
        index, part = path.split("/", 1)
        if has_text(text) and not has_text(translated.get(path)):
            missing[int(index)].append(part)
    return missing


def images_to_share(stream_data, source_data):
    """{index: image id} for the Dutch blocks whose image the translated block at the same
    place does not have: an image belongs to every language (IMAGE_HELP)."""
    return {
        index: block["value"]["image"]
        for index, block in enumerate(source_data[: len(stream_data)])
        if block["value"].get("image") and not stream_data[index]["value"].get("image")
    }


def fill_from_source(stream, source):
    """The stream a reader of a translation sees: each empty text part of a block (or a whole
    block the translation lacks) comes from the Dutch block at the same place, and the block's
    value names those parts in `.untranslated` so the template marks them `lang="nl"`. The
    Dutch block's image shows too; it is no text, so it is not marked."""
    stream_data = list(stream.raw_data) if stream else []
    source_data = list(source.raw_data) if source else []
    missing = missing_parts(stream_data, source_data)
    images = images_to_share(stream_data, source_data)
    if not any(missing) and not images:
        return stream
    filled = copy.deepcopy(stream_data)
    source_texts = dict(stream_texts(source_data))
    for index, image in images.items():
        filled[index]["value"]["image"] = image
    for index, parts in enumerate(missing):
        if index >= len(filled):
            filled.append(copy.deepcopy(source_data[index]))
            continue
        for part in parts:
            put_text(filled[index]["value"], part, source_texts[f"{index}/{part}"])
    result = type(source)(source.stream_block, filled, is_lazy=True)
    for child, parts in zip(result, missing + [[]] * (len(filled) - len(missing)), strict=True):
        child.value.untranslated = parts
    return result
