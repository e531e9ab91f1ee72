"""The editors' desk for stories: the change form, the list, its actions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..desk.operations import (
    PublishingRefused,
    article_change_status,
    may_change_story,
    publishing_warnings,
    transition_problems,
)
from ..desk.revisions import diff, record_revision, revision_for_version, snapshot
from ..desk.versioning import EditConflict, claim_version, current_version
from ..models import Article, Byline, PhotoCaption, Quote
from ..models.text import clean_text
from .actions import StoryActions
from .audit_admin import AuditedAdmin
from .conflicts import merge_post, read_state, sign_state, state_of
from .correction_admin import add_correction_view, notes_summary
from .filters import EstimatedCountPaginator, LicenceExpiryFilter, RecentSourceFilter
from .history import history_urls
from .inlines import BylineInline, PhotoInline, QuoteInline
from .text_fields import TEXT_FIELD_OVERRIDE
from .wire_import import import_wire_view

# The statuses the change form offers from each status: a withdrawn story goes back to
# draft (restored) before it can be published again.
NEXT_STATUSES = {
    Article.Status.DRAFT: [
        Article.Status.DRAFT,
        Article.Status.PUBLISHED,
        Article.Status.WITHDRAWN,
    ],
    Article.Status.PUBLISHED: [
        Article.Status.PUBLISHED,
        Article.Status.DRAFT,
        Article.Status.WITHDRAWN,
    ],
    Article.Status.WITHDRAWN: [Article.Status.WITHDRAWN, Article.Status.DRAFT],
}


def _Carried(field_class):
    """A form field that travels with the form but is never a change of the story."""
    return type(f"Carried{field_class.__name__}", (field_class,), {"has_changed": _never})


def _never(self, initial, data) -> bool:
    return False


class ArticleAdminForm(forms.ModelForm):
    """The story form: tags picked or typed, the version it was opened at, status rules.

    ``version`` and ``base_state`` (signed) travel with the form so a save based on an
    outdated version is refused and merged (``conflicts``). A status change is checked
    by the same rules as every other door (``operations.transition_problems``) and then
    carried out by the operation itself after the story is saved.
    """

    # Set per request by ArticleAdmin.get_form.
    request_user = None
    edit_conflict = None

    opened_version = _Carried(forms.IntegerField)(widget=forms.HiddenInput, required=False)
    base_state = _Carried(forms.CharField)(widget=forms.HiddenInput, required=False)

    existing_tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=Tag.objects.all(), required=False
    )
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        help_text=_("Comma-separated tags that do not exist yet, e.g. “energy, Port Alder”."),
    )

    class Meta:
        model = Article
        exclude = ["tags"]  # noqa: DJ006 - tags are edited through the two fields above
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "style": "width:100%"}),
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 24, "style": "width:100%"}),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["existing_tags"].initial = list(self.instance.tags.all())
            self.fields["opened_version"].initial = self.instance.version
            if not self.is_bound:
                self.fields["base_state"].initial = sign_state(state_of(self.instance))
        status = self.fields.get("status")
        if status is not None:
            allowed = NEXT_STATUSES[Article.Status(self.instance.status)]
            status.choices = [(value, label) for value, label in status.choices if value in allowed]

    def clean(self):
        if self.edit_conflict is not None:
            raise ValidationError(self.edit_conflict, code="edit_conflict")
        cleaned = super().clean()
        to = cleaned.get("status")
        if to and to != self.instance.status:
            # The instance still holds the stored values here (the form copies its own
            # values onto it only after clean), so the rules see the story as it is.
            problems = transition_problems(
                article=self.instance,
                to=to,
                user=self.request_user,
                reason=cleaned.get("withdrawal_reason") or "",
            )
            for problem in problems:
                field = "withdrawal_reason" if to == Article.Status.WITHDRAWN else "status"
                self.add_error(field if field in self.fields else None, problem)
        if to == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        return cleaned

    def clean_new_tags(self) -> str:
        typed = clean_text(self.cleaned_data.get("new_tags") or "")
        limit = Tag._meta.get_field("name").max_length
        for name in (name.strip() for name in typed.split(",")):
            if len(name) > limit:
                raise ValidationError(
                    gettext("A tag has at most %(limit)d characters: “%(start)s…” has %(length)d.")
                    % {"limit": limit, "start": name[:30], "length": len(name)},
                    code="tag_too_long",
                )
        return typed

    def tag_names(self) -> list[str]:
        names = [tag.name for tag in self.cleaned_data.get("existing_tags") or []]
        typed = self.cleaned_data.get("new_tags") or ""
        names += [name.strip() for name in typed.split(",") if name.strip()]
        return list(dict.fromkeys(names))


@admin.register(Article)
class ArticleAdmin(AuditedAdmin, StoryActions, admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = {models.TextField: TEXT_FIELD_OVERRIDE}
    inlines = [BylineInline, QuoteInline, PhotoInline]
    list_display = [
        "headline",
        "status_display",
        "quotes_verified",
        "published_at",
        "source_display",
        "rights_holder",
        "missing_pictures",
    ]
    # Filters and counts that stay cheap at 100,000 stories: no DISTINCT over every story,
    # no date hierarchy (it reads every publication date), one count, not two.
    list_filter = [
        "status",
        RecentSourceFilter,
        "rights_notice__holder",
        "section",
        "published_at",
        LicenceExpiryFilter,
    ]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # The people are searched in EXISTS subqueries (get_search_results), not joins: the
    # stock join needs SELECT DISTINCT over every matching story and its bylines and
    # quotes, sorted on disk (6 s for a common word at 100,000 stories).
    search_fields = ["headline", "standfirst", "body"]
    search_people = [(Byline, "person__name"), (Quote, "speaker__name")]
    list_select_related = ["rights_notice"]
    list_per_page = 50
    autocomplete_fields = ["rights_notice", "section", "secondary_sections"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = [
        "created_at",
        "updated_at",
        "withdrawn_at",
        "licence_expires_at",
        "filed_at",
        "quote_check",
        "public_link",
        "corrections_and_updates",
        "audit_history",
    ]
    audit_shown_fields = ("status", "withdrawal_reason")
    actions = ["publish_selected", "unpublish_selected", "withdraw_selected", "restore_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    "quote_check",
                    ("opened_version", "base_state"),
                ]
            },
        ),
        (
            _("Dateline and source"),
            {"fields": [("dateline", "source"), ("source_identifier", "filed_at")]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    ("published_at", "embargo_until"),
                    ("withdrawn_at", "withdrawal_reason"),
                    "public_link",
                    "corrections_and_updates",
                ]
            },
        ),
        (_("Rights"), {"fields": ["rights_notice", "licence_expires_at"]}),
        (_("Tags"), {"fields": ["existing_tags", "new_tags"]}),
        (_("Sections"), {"fields": ["section", "secondary_sections"]}),
        (
            _("History"),
            {"fields": [("created_at", "updated_at"), "audit_history"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_search_results(self, request, queryset, search_term):
        """Every word (or "quoted phrase") in the headline, standfirst, body, a byline or a
        speaker's name, as Django's search does, but one row per story: no DISTINCT."""
        terms = [
            unescape_string_literal(bit)
            if len(bit) > 1 and bit[0] in "\"'" and bit[0] == bit[-1]
            else bit
            for bit in smart_split(search_term)
        ]
        for term in terms:
            found = Q()
            for field in self.search_fields:
                found |= Q(**{f"{field}__icontains": term})
            for model, field in self.search_people:
                found |= Exists(
                    model.objects.filter(article=OuterRef("pk"), **{f"{field}__icontains": term})
                )
            queryset = queryset.filter(found)
        return queryset, False

    def get_queryset(self, request):
        without_file = (
            PhotoCaption.objects.filter(article=OuterRef("pk"), image="")
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related("quotes")
            .annotate(pictures_missing=Subquery(without_file, output_field=IntegerField()))
        )

    def get_urls(self):
        view = self.admin_site.admin_view(import_wire_view)
        correct = self.admin_site.admin_view(add_correction_view)
        return [
            path("import/", view, {"model_admin": self}, name="articles_article_import"),
            path(
                "<int:pk>/correct/",
                correct,
                {"model_admin": self},
                name="articles_article_correct",
            ),
            *history_urls(self),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields["existing_tags"]
        field.widget = AutocompleteSelectMultiple(Article._meta.get_field("tags"), self.admin_site)
        attrs = {
            "request_user": request.user,
            "edit_conflict": getattr(request, "edit_conflict", None),
        }
        return type(form.__name__, (form,), attrs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("articles.publish_article"):
            fields += ["status", "withdrawal_reason"]
        return fields

    def has_change_permission(self, request, obj=None):
        """Reporters edit drafts; once a story is public only editors change it."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return may_change_story(request.user, obj)  # the rule restoring follows too
        return allowed

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public() else obj.get_preview_url()

    def save_model(self, request, obj, form, change):
        """Save the story's words at the version it was opened at; its status comes after.

        The form's status is kept aside and carried out by the operation once the parts
        are saved (``save_related``), so the form obeys the same rules as every door.
        """
        request.wanted_status = obj.status
        obj.status = form.initial.get("status") or Article.Status.DRAFT
        if change:
            # Whether readers could see it is judged on the story as it was before this save.
            stored = Article.objects.filter(pk=obj.pk).first()
            request.was_public = stored is not None and stored.is_public()
            claim_version(obj, expected=form.cleaned_data.get("opened_version"))
        super().save_model(request, obj, form, change)
        obj.tags.set(form.tag_names())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        record_revision(
            article=article, user=request.user, action="edited" if change else "created"
        )
        wanted = getattr(request, "wanted_status", article.status)
        if wanted != article.status:
            try:
                article_change_status(
                    article=article,
                    to=wanted,
                    user=request.user,
                    reason=form.cleaned_data.get("withdrawal_reason") or "",
                    was_public=getattr(request, "was_public", False),
                )
            except PublishingRefused as refusal:
                self.message_user(
                    request,
                    gettext("Your changes are saved, but the status stays “%(status)s”: %(why)s")
                    % {"status": article.get_status_display(), "why": refusal},
                    messages.ERROR,
                )
            else:
                if article.status == Article.Status.PUBLISHED:
                    for warning in publishing_warnings(article):
                        self.message_user(request, warning, messages.WARNING)
        for quote in article.unverified_quotes():
            self.message_user(
                request,
                _("Check the quote from %(speaker)s: “%(text)s” is not in the body word for word.")
                % {"speaker": quote.speaker, "text": quote.text[:80]},
                messages.WARNING,
            )

    # -- two editors, one story ----------------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save based on an outdated version comes back merged instead of being applied."""
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        if not self._is_stale(request, object_id):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except EditConflict:
                # Someone saved between our check and our write: everything was rolled back.
                if not self._is_stale(request, object_id):
                    raise
        return self._conflict_view(request, object_id, form_url, extra_context)

    def _is_stale(self, request, object_id) -> bool:
        current = current_version(unquote(object_id)) if str(object_id).isdigit() else None
        return current is not None and request.POST.get("opened_version") != str(current)

    def _conflict_view(self, request, object_id, form_url, extra_context):
        obj = self.get_object(request, unquote(object_id))
        base = read_state(request.POST.get("base_state", ""))
        current = state_of(obj)
        form_class = self.get_form(request, obj, change=True)
        formsets = [
            inline.get_formset(request, obj) for inline in self.get_inline_instances(request, obj)
        ]
        if base is None:  # no trustworthy record of what the editor started from
            data = request.POST.copy()
            data["opened_version"] = str(obj.version)
            merged_fields, both, notes = [], [], []
        else:
            merge = merge_post(
                post=request.POST,
                form_class=form_class,
                formsets=formsets,
                base=base,
                current=current,
            )
            data, merged_fields, both, notes = merge.data, merge.theirs, merge.both, merge.notes
        data["base_state"] = sign_state(current)
        request.POST = data
        if request.FILES:
            notes.append(gettext("Choose the picture files again: a browser cannot keep them."))
        request.edit_conflict = gettext(
            "Not saved: someone else saved this story after you opened it. Check the merged "
            "form below and save again."
        )
        base_version = base["version"] if base else None
        then = revision_for_version(obj, base_version) if base_version else None
        later = obj.revisions.filter(version__gt=base_version or 0).order_by("version")
        context = {
            **(extra_context or {}),
            "edit_conflict": {
                # What the other editors changed since this editor opened the story, in words.
                "diff": diff(then.snapshot, snapshot(obj)) if then else [],
                "by": sorted({revision.user_name for revision in later if revision.user_name}),
                "theirs": merged_fields,
                "both": both,
                "notes": notes,
                "base_version": base["version"] if base else None,
                "current_version": obj.version,
            },
        }
        return super().changeform_view(request, object_id, form_url, context)

    # -- columns -----------------------------------------------------------
    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        """Published stories that readers cannot see say why: scheduled, embargoed or their
        licence expired."""
        label = obj.get_status_display()
        if obj.status != Article.Status.PUBLISHED or obj.is_public():
            return label
        if obj.licence_has_expired():
            reason, when = _("licence expired"), obj.licence_expires_at
        elif obj.is_embargoed:
            reason, when = _("embargoed until"), obj.embargo_until
        else:
            reason, when = _("scheduled for"), obj.published_at
        return format_html(
            "{}<br><small>{} {}</small>",
            label,
            reason,
            date_format(timezone.localtime(when), "j M Y, H:i"),
        )

    @admin.display(description=_("pictures"))
    def missing_pictures(self, obj):
        """Captions whose picture file never arrived: readers do not see those photos."""
        missing = obj.pictures_missing or 0
        if not missing:
            return ""
        return format_html(
            '<strong class="missing-picture">{}</strong>',
            ngettext("%d without a file", "%d without a file", missing) % missing,
        )

    @admin.display(description=_("source"), ordering="source")
    def source_display(self, obj):
        return obj.source or _("own story")

    @admin.display(description=_("rights holder"), ordering="rights_notice__holder")
    def rights_holder(self, obj):
        return (
            obj.rights_notice.holder
            if obj.rights_notice
            else format_html("<strong>{}</strong>", _("none"))
        )

    @admin.display(description=_("quotes OK"), boolean=True)
    def quotes_verified(self, obj):
        return not obj.unverified_quotes() if obj.quotes.all() else None

    @admin.display(description=_("quote check"))
    def quote_check(self, obj):
        if obj is None or not obj.pk:
            return _("Quotes are checked against the body when you save.")
        missing = obj.unverified_quotes()
        if not missing:
            return _("Every quote appears word for word in the body.")
        return format_html(
            "<strong>{}</strong> {}",
            _("Not in the body word for word:"),
            "; ".join(f"{q.speaker}: “{q.text[:60]}”" for q in missing),
        )

    @admin.display(description=_("reader link"))
    def public_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        if obj.is_public():
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View on site"))
        return format_html(
            '<a href="{}">{}</a> ({})', obj.get_preview_url(), _("Staff preview"), _("not public")
        )

    @admin.display(description=_("corrections and updates"))
    def corrections_and_updates(self, obj):
        return notes_summary(obj)
