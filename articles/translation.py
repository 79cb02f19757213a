"""Per-language text of shared editorial objects (django-modeltranslation).

A section is the same desk in every edition, so its name and description have one
column per language (`name_en`, `name_uk`, ...); `section.name` reads the active
language's and falls back to the default language's when it is empty. Articles and
briefs are not translated this way: each translation is its own article.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Section


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
