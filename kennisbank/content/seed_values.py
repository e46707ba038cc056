"""What the loader (seed.py) writes into each kind of page, from an entry of the data files: the
data's plain text turned into the values fields hold ({field: {language: value}}), and how a
stored value is compared with what the loader would write."""

import datetime
import html
import json

from wagtail.blocks import StreamValue

from kennisbank.core.languages import language_codes

from .models import AttitudePage, BlockPage, ContentPage, SituationFinderPage

# How the data files' plain text becomes the value a field holds.

def paragraphs(texts):
    return "".join(f"<p>{html.escape(text)}</p>" for text in texts)


def rich(text):
    return paragraphs([text]) if text else ""


def body_html(items):
    """A standing page's body: ["h2", text], ["p", text], ["ul", [text, ...]]."""
    parts = []
    for kind, content in items:
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in content) + "</ul>")
        else:
            parts.append(f"<{kind}>{html.escape(content)}</{kind}>")
    return "".join(parts)


def list_html(items):
    return body_html([["ul", items]])


def example(item, language):
    return ("example", {
        "title": item["title"][language],
        "situation": rich(item["situation"][language]),
        "parent_action": rich(item["parent_action"][language]),
        "why_it_helps": rich(item["why_it_helps"][language]),
        "image": None,
        "audience": item["audience"],
    })


def exercise(item, language):
    return ("exercise", {
        "title": item["title"][language],
        "aim": item["aim"][language],
        "steps": [rich(step[language]) for step in item["steps"]],
        "duration": item.get("duration"),
        "audience": item["audience"],
    })


def texts(entry, name, convert=lambda value: value):
    """The field `name` of a data entry in every language it has."""
    values = entry.get(name) or {}
    return {language: convert(values[language]) for language in language_codes() if language in values}


def stream_texts_of(entry, name, convert, text="title"):
    """A StreamField in every language the data has it in (a language added later has none): the
    languages in which every item has its `text`."""
    items = entry.get(name) or []
    languages = [code for code in language_codes() if items and all(code in item[text] for item in items)]
    return {language: [convert(item, language) for item in items] for language in languages}


def without_ids(value):
    """A stored StreamField value without the ids Wagtail gives its blocks; a ListBlock's items
    ({"type": "item", "value": ..., "id": ...}) become their plain values, the other form
    ListBlock reads, so a value read back from previous.json is the same value."""
    if isinstance(value, dict):
        if value.get("type") == "item" and set(value) <= {"type", "value", "id"}:
            return without_ids(value["value"])
        return {key: without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


def stored_stream(stream_block, value):
    """A StreamField value as its blocks are stored, without ids, every block passed through its
    definition: a value stored before a block gained a part compares equal to the same text
    given now. `value` is stored (a StreamValue, or blocks as in previous.json) or given as the
    data's (type, value) pairs."""
    if not isinstance(value, StreamValue):
        raw = [item if isinstance(item, dict) else {"type": item[0], "value": item[1]} for item in value]
        value = stream_block.to_python(raw)
    return without_ids([{"type": child.block_type, "value": child.block.get_prep_value(child.value)}
                        for child in value])


def comparable(model, column, value):
    """A field's value as the loader compares it: text stripped; a date in ISO form; a
    StreamField as stored_stream gives it, as JSON."""
    if value is None or isinstance(value, str):
        return (value or "").strip()
    if isinstance(value, datetime.date):
        return value.isoformat()
    stream_block = model._meta.get_field(column).stream_block
    return json.dumps(stored_stream(stream_block, value), sort_keys=True, ensure_ascii=False)


def storable(model, column, value):
    """A field's value as previous.json keeps it (JSON: text, an ISO date, stored blocks)."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return stored_stream(model._meta.get_field(column).stream_block, value)


# What the loader writes into each kind of page: {field: {language: value}}, from a data entry.

def review_values(data, extra_sources=None):
    """The review every block, attitude and standing page starts with (data "review"); an
    attitude adds the sources of the ideas its explanation uses (its own "sources")."""
    review = data.get("review") or {}
    sources = texts(review, "review_sources")
    for language, more in texts({"sources": extra_sources or {}}, "sources").items():
        sources[language] = sources.get(language, []) + more
    return {
        "last_reviewed_on": texts(review, "last_reviewed_on", datetime.date.fromisoformat),
        "reviewed_by": texts(review, "reviewed_by"),
        "review_sources": {language: list_html(items) for language, items in sources.items()},
        "next_review_on": texts(review, "next_review_on", datetime.date.fromisoformat),
    }


def home_values(data):
    home = data["home"]
    return {"title": texts(home, "title"), "introduction": texts(home, "introduction", paragraphs)}


def block_values(data, block):
    return {
        name: texts(block, name) for name in ("title", "slug", "goal", "alternative_names")
    } | {"introduction": texts(block, "introduction", paragraphs)} | review_values(data)


def attitude_values(data, attitude):
    return {name: texts(attitude, name) for name in ("title", "slug", "keywords", "summary")} | {
        "situations": texts(attitude, "situations", "\n".join),
        "explanation": texts(attitude, "explanation", paragraphs),
        "examples": stream_texts_of(attitude, "examples", example),
        "exercises": stream_texts_of(attitude, "exercises", exercise),
    } | review_values(data, attitude.get("sources"))


def content_page_values(data, page):
    return {name: texts(page, name) for name in ("title", "slug", "summary")} | {
        "body": texts(page, "body", body_html),
    } | review_values(data)


def theme(item, language, attitude_ids):
    """A theme of the situation finder; its attitudes, named by key, as the ids of those pages. In
    the stored form (a dict): a page chooser's native value would be a page, not an id."""
    return {"type": "theme", "value": {
        "heading": item["heading"][language],
        "text": item["text"][language],
        "attitudes": [attitude_ids[key] for key in item["attitudes"] if key in attitude_ids],
    }}


def finder_values(data, attitude_ids):
    finder = data["finder"]
    return {name: texts(finder, name) for name in ("title", "slug", "introduction")} | {
        "themes": stream_texts_of(finder, "themes", lambda item, language: theme(item, language, attitude_ids),
                                  text="heading"),
    } | review_values(data)


def seeded_attitude_ids():
    return dict(AttitudePage.objects.exclude(seed_key="").values_list("seed_key", "id"))


def pages_of(data):
    """Every page the data describes: (section of previous.json, key, model, values)."""
    home_model = BlockPage.allowed_parent_page_models()[0]
    yield "home", "home", home_model, home_values(data)
    for block in data["blocks"]:
        yield "blocks", str(block["number"]), BlockPage, block_values(data, block)
        for position, attitude in enumerate(block["attitudes"], start=1):
            yield "attitudes", f"{block['number']}.{position}", AttitudePage, attitude_values(data, attitude)
    for page in data.get("pages", []):
        yield "pages", page["key"], ContentPage, content_page_values(data, page)
    if "finder" in data:
        yield "finder", "finder", SituationFinderPage, finder_values(data, seeded_attitude_ids())
