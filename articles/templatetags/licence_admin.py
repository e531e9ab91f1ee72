"""The admin index's licence warning: how many stories leave the site within a week."""

from django import template
from django.urls import reverse

from ..admin.filters import LicenceExpiryFilter
from ..conventions.licence import expiring_soon
from ..models import Article

register = template.Library()


@register.inclusion_tag("admin/articles/licence_expiry_notice.html", takes_context=True)
def licence_expiry_notice(context):
    """One COUNT query, only for people who may read stories."""
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_article"):
        return {"visible": False}
    url = reverse("admin:articles_article_changelist")
    return {
        "visible": True,
        "count": expiring_soon(Article.objects.all()).count(),
        "url": f"{url}?{LicenceExpiryFilter.parameter_name}={LicenceExpiryFilter.SOON}",
    }
