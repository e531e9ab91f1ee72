"""The admin index's word on background jobs: failed ones, for those who may read them."""

from django import template
from django.urls import reverse

from ..models import Job

register = template.Library()


@register.inclusion_tag("admin/articles/job_notice.html", takes_context=True)
def failed_jobs_notice(context):
    """One COUNT query, only for people who may read the jobs."""
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_job"):
        return {"visible": False}
    count = Job.objects.filter(state=Job.State.FAILED).count()
    url = reverse("admin:articles_job_changelist") + "?state__exact=failed"
    return {"visible": bool(count), "count": count, "url": url}
