"""Faces on pages: a photo's verdict on its record's page, and the face comparison on the candidate page.

`{% load faces %}` then `{% photo_note photo as note %}`, `{% candidate_face candidate as face %}` and
`{{ part.level|face_words }}`. Nothing here puts an embedding on a page; the candidate page shows the cosine
similarity of the two faces the engine compared, to reviewers who already see both photos.
"""

from django import template
from django.utils.translation import gettext_lazy as _

from trackchild.faces import selectors

register = template.Library()

_LIKENESS = {
    "strong": _("faces look very alike"),
    "moderate": _("faces look alike"),
    "weak": _("faces look faintly alike"),
    "unlike": _("faces look different"),
}
_GAP = {
    "recent": _("photos under 2 years apart"),
    "years": _("photos 2 to 5 years apart"),
    "long": _("photos 5 or more years apart, or undated"),
}


@register.filter
def face_words(level: str) -> str:
    """A face level of the engine ("strong_recent") in the reader's language."""
    likeness, _sep, gap = (level or "").partition("_")
    if likeness not in _LIKENESS or gap not in _GAP:
        return str(_("no usable photo on one side"))
    return f"{_LIKENESS[likeness]} ({_GAP[gap]})"


@register.simple_tag
def photo_note(photo) -> dict:
    state, sentence = selectors.photo_note(photo)
    return {"state": state, "text": sentence}


@register.simple_tag
def candidate_face(candidate) -> dict:
    """The face part of a candidate: the similarity of the faces the engine compared (None when either record
    has no usable face) and the explanation's face contribution (None when not compared)."""
    part = next((p for p in candidate.explanation if p.get("field") == "face"), None)
    if part is not None and part.get("level") == "null":
        part = None
    return {
        "similarity": selectors.record_face_similarity(candidate.missing_report_id, candidate.found_child_id),
        "part": part,
        "words": face_words(part["level"]) if part else "",
    }
