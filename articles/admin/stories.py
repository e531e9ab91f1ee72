"""The editors' desk for stories: the change form, the list, its actions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from ..models import Article
from ..operations import PublishingRefused, article_publish, article_withdraw
from .filters import EstimatedCountPaginator, RecentSourceFilter
from .inlines import BylineInline, PhotoInline, QuoteInline
from .wire_import import import_wire_view


class ArticleAdminForm(forms.ModelForm):
    """Tags are picked from existing ones (autocomplete) or typed in as new ones."""

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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        return cleaned

    def tag_names(self) -> list[str]:
        names = [tag.name for tag in self.cleaned_data.get("existing_tags") or []]
        typed = self.cleaned_data.get("new_tags") or ""
        names += [name.strip() for name in typed.split(",") if name.strip()]
        return list(dict.fromkeys(names))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline, QuoteInline, PhotoInline]
    list_display = [
        "headline",
        "status_display",
        "quotes_verified",
        "published_at",
        "source_display",
        "rights_holder",
    ]
    # Filters and counts that stay cheap at 100,000 stories: no DISTINCT over every story,
    # no date hierarchy (it reads every publication date), one count, not two.
    list_filter = ["status", RecentSourceFilter, "rights_notice__holder", "published_at"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    search_fields = [
        "headline",
        "standfirst",
        "body",
        "bylines__person__name",
        "quotes__speaker__name",
    ]
    list_select_related = ["rights_notice"]
    list_per_page = 50
    autocomplete_fields = ["rights_notice"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["created_at", "updated_at", "withdrawn_at", "quote_check", "public_link"]
    actions = ["publish_selected", "withdraw_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "quote_check"]}),
        (
            _("Dateline and source"),
            {"fields": [("dateline", "source"), "source_identifier"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    ("published_at", "embargo_until"),
                    ("withdrawn_at", "withdrawal_reason"),
                    "public_link",
                ]
            },
        ),
        (_("Rights"), {"fields": ["rights_notice"]}),
        (_("Tags"), {"fields": ["existing_tags", "new_tags"]}),
        (_("History"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("quotes")

    def get_urls(self):
        view = self.admin_site.admin_view(import_wire_view)
        return [
            path("import/", view, {"model_admin": self}, name="articles_article_import"),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields["existing_tags"]
        field.widget = AutocompleteSelectMultiple(Article._meta.get_field("tags"), self.admin_site)
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("articles.publish_article"):
            fields += ["status", "withdrawal_reason"]
        return fields

    def has_change_permission(self, request, obj=None):
        """Reporters edit drafts; once a story is public only editors change it."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status != Article.Status.DRAFT:
            return request.user.has_perm("articles.publish_article")
        return allowed

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public() else obj.get_preview_url()

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == Article.Status.WITHDRAWN:
            # As article_withdraw: only a story readers could see gets a withdrawal time
            # (and so answers 410); a draft, scheduled or embargoed one stays a 404.
            before = Article.objects.filter(pk=obj.pk).first() if change else None
            now = timezone.now()
            obj.withdrawn_at = now if before is not None and before.is_public(now=now) else None
        super().save_model(request, obj, form, change)
        obj.tags.set(form.tag_names())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        for quote in article.unverified_quotes():
            self.message_user(
                request,
                _("Check the quote from %(speaker)s: “%(text)s” is not in the body word for word.")
                % {"speaker": quote.speaker, "text": quote.text[:80]},
                messages.WARNING,
            )

    # -- columns -----------------------------------------------------------
    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        """Published stories that readers cannot see yet say why: scheduled or embargoed."""
        label = obj.get_status_display()
        if obj.status != Article.Status.PUBLISHED or obj.is_public():
            return label
        if obj.is_embargoed:
            reason, when = _("embargoed until"), obj.embargo_until
        else:
            reason, when = _("scheduled for"), obj.published_at
        return format_html(
            "{}<br><small>{} {}</small>",
            label,
            reason,
            date_format(timezone.localtime(when), "j M Y, H:i"),
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

    # -- actions -----------------------------------------------------------
    @admin.action(description=_("Publish selected stories"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = self._apply(request, queryset.prefetch_related("quotes"), article_publish)
        if done:
            self.message_user(
                request,
                ngettext("Published %d story.", "Published %d stories.", done) % done,
                messages.SUCCESS,
            )

    @admin.action(description=_("Withdraw selected stories"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        done = self._apply(request, queryset, article_withdraw, refusal_level=messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext(
                    "Withdrew %d story. It is off the site, feeds and sitemaps.",
                    "Withdrew %d stories. They are off the site, feeds and sitemaps.",
                    done,
                )
                % done,
                messages.SUCCESS,
            )

    def _apply(self, request, queryset, operation, *, refusal_level=messages.ERROR) -> int:
        """Run ``operation`` on each story, reporting each refusal; return how many went."""
        done = 0
        for article in queryset:
            try:
                operation(article=article, user=request.user)
                done += 1
            except PublishingRefused as refusal:
                self.message_user(request, str(refusal), refusal_level)
        return done
