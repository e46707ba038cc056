"""Page factories (wagtail-factories) with Dutch text and, optionally, translations."""

import factory
import wagtail_factories
from wagtail.test.utils.form_data import rich_text

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, SituationFinderPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Bouwstenen van hechting"
    title_nl = "Bouwstenen van hechting"
    slug = "home"

    class Meta:
        model = HomePage


class BlockPageFactory(wagtail_factories.PageFactory):
    number = factory.Sequence(lambda n: n % 5 + 1)
    title = factory.Sequence(lambda n: f"Bouwsteen {n}")
    title_nl = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"bouwsteen-{n}")
    slug_nl = factory.SelfAttribute("slug")
    goal = "meer veiligheid"
    goal_nl = factory.SelfAttribute("goal")

    class Meta:
        model = BlockPage


class AttitudePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Houding {n}")
    title_nl = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"houding-{n}")
    slug_nl = factory.SelfAttribute("slug")

    class Meta:
        model = AttitudePage


class SituationFinderPageFactory(wagtail_factories.PageFactory):
    title = "Wat zie je bij je kind?"
    title_nl = factory.SelfAttribute("title")
    slug = "wat-zie-je-bij-je-kind"
    slug_nl = factory.SelfAttribute("slug")
    introduction = "Kies wat je bij je kind ziet."
    introduction_nl = factory.SelfAttribute("introduction")

    class Meta:
        model = SituationFinderPage


def theme(heading="Mijn kind slaapt slecht", text="Je kind wil niet naar bed.", attitudes=()):
    """A theme of the situation finder in its stored form (attitudes as page ids)."""
    return {"type": "theme", "value": {"heading": heading, "text": text,
                                       "attitudes": [page.id for page in attitudes]}}


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Vaste pagina {n}")
    title_nl = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"vaste-pagina-{n}")
    slug_nl = factory.SelfAttribute("slug")
    summary = "Waar deze pagina over gaat."
    summary_nl = factory.SelfAttribute("summary")

    class Meta:
        model = ContentPage


def example(title="Aan tafel", audience="both", **extra):
    return {
        "title": title,
        "situation": "Je kind gooit zijn bord op de grond.",
        "parent_action": "Je blijft rustig en benoemt wat je ziet.",
        "why_it_helps": "Het kind leert dat gevoelens er mogen zijn.",
        "audience": audience,
        **extra,
    }


def exercise(title="Samen ademen", audience="parents", steps=("Ga zitten", "Adem rustig in"), **extra):
    return {"title": title, "aim": "Rust vinden", "steps": list(steps), "duration": 5,
            "audience": audience, **extra}


RICH_TEXT_CHILDREN = ("situation", "parent_action", "why_it_helps")


def as_form(value):
    """A block value in the shape Wagtail's admin form posts: rich text as the editor's
    content state, ListBlock items numbered."""
    form = dict(value)
    for name in RICH_TEXT_CHILDREN:
        if name in form:
            form[name] = rich_text(f"<p>{form[name]}</p>")
    if "steps" in form:
        steps = list(form["steps"])
        form["steps"] = {"count": len(steps)} | {
            str(i): {"value": rich_text(f"<p>{step}</p>"), "deleted": "", "order": str(i)}
            for i, step in enumerate(steps)
        }
    return form
