"""Documents are checked by what they hold, not only by their name.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size; an HTML page named
``werkblad.pdf`` passed. Images need nothing more: Wagtail opens them and refuses a file whose
content is not the format its name says. Every way an editor uploads a document (the form, the
multiple uploader, the chooser) builds its form on WAGTAILDOCS_DOCUMENT_FORM_BASE, this one.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

# A text file may hold these control characters (tab, newlines, form feed); others mean binary.
TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _is_odt(upload):
    """An OpenDocument text: a zip whose `mimetype` member names it (read only if it is small)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("mimetype")
            return info.file_size <= 100 and archive.read(info).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _is_docx(upload):
    """A Word document: a zip with the parts every .docx has (only their names are read)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return {"[Content_Types].xml", "word/document.xml"} <= set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _is_text(upload):
    """Plain text in UTF-8 with no control characters beyond line breaks and tabs, and no
    markup where a browser would look for it (a page or an image in SVG)."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(char < " " and char not in TEXT_CONTROLS for char in text):
        return False
    return not text.lstrip().startswith("<")


CHECKS = {
    "pdf": lambda upload: upload.read(5) == b"%PDF-",
    "odt": _is_odt,
    "docx": _is_docx,
    "txt": _is_text,
}


def holds_what_its_name_says(upload):
    """Whether the file's content is of the kind its extension names. An extension without a
    check here (added to WAGTAILDOCS_EXTENSIONS alone) is refused: add its check first."""
    check = CHECKS.get(upload.name.rpartition(".")[2].lower())
    if check is None:
        return False
    upload.seek(0)
    try:
        return check(upload)
    finally:
        upload.seek(0)


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile) and not holds_what_its_name_says(upload):
            raise ValidationError(
                _("The file “%(name)s” is not a real .%(extension)s file: it holds something else "
                  "(a web page, for example). Only real PDF, ODT, DOCX and plain-text files can be "
                  "uploaded.") % {"name": upload.name, "extension": upload.name.rpartition(".")[2].lower()},
                code="disguised",
            )
        return upload
