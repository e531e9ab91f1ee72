"""The simple pages (About, Contact, Privacy, Terms): django.contrib.flatpages, told how
we write them.

The page text is rendered like a story body (the same safe Markdown, no raw HTML),
so the admin says so instead of flatpages' "HTML allowed".
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.models import FlatPage
from django.utils.translation import gettext_lazy as _

if admin.site.is_registered(FlatPage):
    admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class SimplePageAdmin(FlatPageAdmin):
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["content"].help_text = _(
            "Written like a story: paragraphs, ## subheads, *emphasis*, [links](https://…). "
            "HTML is shown as text."
        )
        return form
