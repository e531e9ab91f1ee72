"""The editors' desk: smoke tests, actions, permissions and query budgets."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, Byline, Person, Quote, RightsNotice
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RightsNoticeFactory,
)

pytestmark = pytest.mark.django_db

SAMPLE_BODY = (
    "The city council of Port Alder voted 7-2 on Monday to build a floating solar farm.\n\n"
    '"We are turning a rusting liability into the cheapest electricity this city has ever '
    'bought," Mayor Ines Carvalho told Northwind after the vote.\n\n'
    "## SHADE AND SILT\n\n"
    "Matos said the cooperative would ask a regional court to pause the project, calling "
    'the review "a box-ticking exercise written by the people selling the panels."'
)


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:articles_{model._meta.model_name}_{action}", args=args)


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form_data(**overrides):
    data = {
        "headline": "Harbor city approves floating solar farm despite fishing concerns",
        "slug": "",
        "standfirst": "",
        "body": SAMPLE_BODY,
        "dateline": "PORT ALDER",
        "source": "Northwind",
        "source_identifier": "nw-2025-0303",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "withdrawal_reason": "",
        "rights_notice": "",
        "new_tags": "energy, Port Alder",
        **inline_management("bylines"),
        **inline_management("quotes"),
        **inline_management("photos"),
    }
    data.update(overrides)
    return data


# -- smoke tests for every model ------------------------------------------


@pytest.mark.parametrize("model", [Article, Person, RightsNotice])
def test_changelist_and_add_pages_open(admin_client, model):
    ArticleFactory()
    assert admin_client.get(admin_url(model)).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_changelist_search_and_filters_work(admin_client):
    article = ArticleFactory(headline="Tram line reaches the harbour")
    BylineFactory(article=article, person=PersonFactory(name="Dana Whitlock"))
    ArticleFactory(headline="Something else")
    response = admin_client.get(admin_url(Article), {"q": "Whitlock"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [article]
    response = admin_client.get(admin_url(Article), {"status__exact": "published"})
    assert response.context["cl"].result_count == 2


def test_article_change_and_delete_pages(admin_client):
    article = ArticleFactory()
    BylineFactory(article=article)
    QuoteFactory(article=article)
    PhotoCaptionFactory(article=article, is_lead=True)
    response = admin_client.get(admin_url(Article, "change", article.pk))
    assert response.status_code == 200
    assert b"<img src=" in response.content  # the photo thumbnail
    assert b"agency: <b>NORTHWIND</b>" in response.content
    response = admin_client.post(admin_url(Article, "delete", article.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_person_change_and_delete(admin_client):
    person = PersonFactory(name="Rui Matos")
    url = admin_url(Person, "change", person.pk)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"name": "Rui Matos", "slug": "rui-matos", "title": "Chair"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Chair"
    admin_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
    assert not Person.objects.filter(pk=person.pk).exists()


def test_rights_notice_add_change_and_delete(admin_client):
    response = admin_client.post(
        admin_url(RightsNotice, "add"),
        {"notice": "© 2025 Tidewater Agency. All rights reserved.", "allows_full_text": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    notice = RightsNotice.objects.get()
    assert notice.holder == "Tidewater Agency"
    assert admin_client.get(admin_url(RightsNotice, "change", notice.pk)).status_code == 200
    admin_client.post(admin_url(RightsNotice, "delete", notice.pk), {"post": "yes"})
    assert not RightsNotice.objects.exists()


def test_rights_notice_in_use_is_not_deleted_from_the_admin(admin_client):
    article = ArticleFactory()
    response = admin_client.post(
        admin_url(RightsNotice, "delete", article.rights_notice_id), {"post": "yes"}
    )
    assert b"would require deleting the following protected related objects" in response.content
    assert RightsNotice.objects.filter(pk=article.rights_notice_id).exists()


def test_people_and_notices_show_how_many_stories_use_them(admin_client):
    person = PersonFactory(name="Ines Carvalho")
    notice = RightsNoticeFactory()
    for _ in range(3):
        article = ArticleFactory(rights_notice=notice)
        BylineFactory(article=article, person=person)
        QuoteFactory(article=article, speaker=person)
        QuoteFactory(article=article, speaker=person)
    people = admin_client.get(admin_url(Person)).context["cl"].result_list
    assert [(p.bylined_count, p.quoted_count) for p in people] == [(3, 3)]
    notices = admin_client.get(admin_url(RightsNotice)).context["cl"].result_list
    assert [n.article_count for n in notices] == [3]


# -- entering the sample story as data ------------------------------------


def test_editor_enters_every_part_of_a_wire_story(editor_client):
    notice = RightsNoticeFactory(
        notice="[© 2025 Northwind Media. All rights reserved.]This material may not be "
        "published, broadcast, rewritten or redistributed.",
        allows_full_text=False,
    )
    carvalho = PersonFactory(name="Ines Carvalho")
    matos = PersonFactory(name="Rui Matos")
    whitlock, reyes = PersonFactory(name="Dana Whitlock"), PersonFactory(name="Omar Reyes")
    data = article_form_data(
        rights_notice=str(notice.pk),
        **inline_management("bylines", total=3),
        **{
            "bylines-0-person": whitlock.pk,
            "bylines-0-role": "author",
            "bylines-0-position": "0",
            "bylines-1-person": reyes.pk,
            "bylines-1-role": "author",
            "bylines-1-position": "1",
            "bylines-2-person": reyes.pk,
            "bylines-2-role": "reporting",
            "bylines-2-location": "Lisbon",
            "bylines-2-position": "2",
        },
        **inline_management("quotes", total=2),
        **{
            "quotes-0-speaker": carvalho.pk,
            "quotes-0-speaker_title": "Mayor",
            "quotes-0-text": "We are turning a rusting liability into the cheapest electricity "
            "this city has ever bought,",
            "quotes-0-position": "0",
            "quotes-1-speaker": matos.pk,
            "quotes-1-text": "a box-ticking exercise written by the people selling the panels.",
            "quotes-1-is_partial": "on",
            "quotes-1-position": "1",
        },
        **inline_management("photos", total=1),
        **{
            "photos-0-caption": "Workers inspect a test float on the north basin.",
            "photos-0-credit": "NORTHWIND/Lena Fischer/File Photo",
            "photos-0-alt_text": "Workers on a float",
            "photos-0-is_lead": "on",
            "photos-0-position": "0",
        },
    )
    response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, _errors(response)
    article = Article.objects.get()
    assert article.slug == "harbor-city-approves-floating-solar-farm-despite-fishing-concerns"
    assert [(b.person.name, b.role, b.location) for b in article.bylines.all()] == [
        ("Dana Whitlock", "author", ""),
        ("Omar Reyes", "author", ""),
        ("Omar Reyes", "reporting", "Lisbon"),
    ]
    assert [(q.speaker.name, q.is_partial) for q in article.quotes.all()] == [
        ("Ines Carvalho", False),
        ("Rui Matos", True),
    ]
    assert article.unverified_quotes() == []
    photo = article.photos.get()
    assert (photo.agency, photo.photographer_name, photo.is_file_photo) == (
        "NORTHWIND",
        "Lena Fischer",
        True,
    )
    assert sorted(article.tags.names()) == ["Port Alder", "energy"]
    assert article.rights_notice == notice


def test_saving_a_draft_with_an_unverified_quote_warns_the_editor(editor_client):
    speaker = PersonFactory()
    data = article_form_data(
        **inline_management("quotes", total=1),
        **{
            "quotes-0-speaker": speaker.pk,
            "quotes-0-text": "Words never printed",
            "quotes-0-position": "0",
        },
    )
    response = editor_client.post(admin_url(Article, "add"), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("is not in the body word for word" in m for m in messages)
    assert Article.objects.get().status == "draft"


def test_publishing_from_the_form_refuses_a_quote_not_in_the_body(editor_client):
    speaker = PersonFactory()
    data = article_form_data(
        status="published",
        rights_notice=str(RightsNoticeFactory().pk),
        **inline_management("quotes", total=1),
        **{
            "quotes-0-speaker": speaker.pk,
            "quotes-0-text": "Words never printed",
            "quotes-0-position": "0",
        },
    )
    response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 200
    assert "not in the body word for word" in _errors(response)
    assert not Article.objects.exists()


def test_publishing_from_the_form_needs_a_rights_notice(editor_client):
    response = editor_client.post(admin_url(Article, "add"), article_form_data(status="published"))
    assert response.status_code == 200
    assert "Choose a rights notice before publishing" in _errors(response)
    assert not Article.objects.exists()


def test_publishing_from_the_form_sets_the_publication_time(editor_client):
    notice = RightsNoticeFactory()
    data = article_form_data(status="published", rights_notice=str(notice.pk))
    response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, _errors(response)
    assert Article.objects.published().count() == 1


def test_tags_autocomplete_answers_for_the_article_form(editor_client):
    ArticleFactory(tags=["energy", "fishing"])
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "ener"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["energy"]


def _errors(response) -> str:
    context = response.context
    if context is None:
        return ""
    errors = [str(context["adminform"].form.errors)]
    errors += [
        str(fs.formset.errors) + str(fs.formset.non_form_errors())
        for fs in context["inline_admin_formsets"]
    ]
    return " ".join(errors)


# -- actions --------------------------------------------------------------


def test_publish_action_publishes_and_reports(editor_client):
    ready = ArticleFactory(draft=True)
    missing_notice = ArticleFactory(draft=True, rights_notice=None, headline="No notice yet")
    response = editor_client.post(
        admin_url(Article),
        {"action": "publish_selected", "_selected_action": [ready.pk, missing_notice.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert "Published 1 story." in messages
    refusals = [m for m in messages if "“No notice yet” cannot be published" in m]
    assert len(refusals) == 1 and "rights notice" in refusals[0]
    assert list(Article.objects.published()) == [ready]


def test_withdraw_action_withdraws_and_reports(editor_client):
    article = ArticleFactory()
    already = ArticleFactory(withdrawn=True, headline="Old news")
    chosen = {"action": "withdraw_selected", "_selected_action": [article.pk, already.pk]}
    confirm = editor_client.post(admin_url(Article), chosen)
    assert confirm.status_code == 200 and "Reason for withdrawal" in confirm.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # nothing happens before the reason

    response = editor_client.post(
        admin_url(Article),
        {**chosen, "confirm": "yes", "reason": "The council asked us to correct it."},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Withdrew 1 story.") for m in messages)
    assert "“Old news” is already withdrawn." in messages
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


# -- permissions: Reporters and Editors -----------------------------------


def test_groups_exist_with_the_publish_permission_only_for_editors():
    editors = Group.objects.get(name="Editors")
    reporters = Group.objects.get(name="Reporters")
    assert editors.permissions.filter(codename="publish_article").exists()
    assert not reporters.permissions.filter(codename="publish_article").exists()
    assert reporters.permissions.filter(codename="change_article").exists()


def test_reporters_do_not_get_the_publish_actions(reporter_client):
    ArticleFactory(draft=True)
    response = reporter_client.get(admin_url(Article))
    assert response.status_code == 200
    action_form = response.context["action_form"]
    actions = [value for value, _ in action_form.fields["action"].choices] if action_form else []
    assert "publish_selected" not in actions
    assert "withdraw_selected" not in actions


def test_reporters_cannot_publish_by_posting_the_action(reporter_client):
    article = ArticleFactory(draft=True)
    reporter_client.post(
        admin_url(Article), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporters_write_drafts_but_cannot_set_the_status(reporter_client):
    data = article_form_data(status="published", rights_notice=str(RightsNoticeFactory().pk))
    response = reporter_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, _errors(response)
    assert Article.objects.get().status == Article.Status.DRAFT


def test_reporters_can_edit_drafts_but_only_view_public_stories(reporter_client):
    draft, public = ArticleFactory(draft=True), ArticleFactory()
    response = reporter_client.get(admin_url(Article, "change", draft.pk))
    assert response.context["has_change_permission"] is True
    response = reporter_client.get(admin_url(Article, "change", public.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    response = reporter_client.post(
        admin_url(Article, "change", public.pk), article_form_data(headline="Changed")
    )
    public.refresh_from_db()
    assert public.headline != "Changed"


def test_reporters_cannot_manage_rights_notices_or_delete_stories(reporter_client):
    article = ArticleFactory(draft=True)
    assert reporter_client.get(admin_url(RightsNotice, "add")).status_code == 403
    assert reporter_client.get(admin_url(Article, "delete", article.pk)).status_code == 403


def test_editors_manage_rights_notices(editor_client):
    assert editor_client.get(admin_url(RightsNotice, "add")).status_code == 200


# -- links to the reader site ---------------------------------------------


def test_view_on_site_for_public_stories_and_preview_for_drafts(admin_client):
    public, draft = ArticleFactory(), ArticleFactory(draft=True)
    response = admin_client.get(admin_url(Article, "change", public.pk))
    assert public.get_absolute_url().encode() in response.content
    response = admin_client.get(admin_url(Article, "change", draft.pk))
    assert draft.get_preview_url().encode() in response.content


# -- query budgets --------------------------------------------------------


def _story_with_parts():
    article = ArticleFactory(tags=["energy", "harbour"])
    for _ in range(3):
        BylineFactory(article=article)
        QuoteFactory(article=article)
    return article


def test_article_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, django_assert_num_queries
):
    _story_with_parts()
    with django_assert_max_num_queries(12) as few:
        admin_client.get(admin_url(Article))
    for _ in range(15):
        _story_with_parts()
    with django_assert_num_queries(len(few.captured_queries)):
        response = admin_client.get(admin_url(Article))
    assert response.context["cl"].result_count == 16


def test_person_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, django_assert_num_queries
):
    _story_with_parts()
    response = admin_client.get(admin_url(Person))
    baseline = len(response.context["cl"].result_list)
    with django_assert_max_num_queries(6) as counted:
        admin_client.get(admin_url(Person))
    for _ in range(10):
        _story_with_parts()
    with django_assert_num_queries(len(counted.captured_queries)):
        response = admin_client.get(admin_url(Person))
    assert len(response.context["cl"].result_list) > baseline


def test_quotes_verified_column(admin_client):
    verified = ArticleFactory(headline="Verified")
    QuoteFactory(article=verified, text="We will build it,")
    broken = ArticleFactory(headline="Broken")
    QuoteFactory(article=broken, text="Not in the body")
    ArticleFactory(headline="No quotes")
    response = admin_client.get(admin_url(Article))
    model_admin = response.context["cl"].model_admin
    rows = {a.headline: model_admin.quotes_verified(a) for a in response.context["cl"].result_list}
    assert rows == {"Verified": True, "Broken": False, "No quotes": None}
    assert Quote.objects.count() == 2 and Byline.objects.count() == 0


def test_status_column_says_why_a_published_story_is_not_public_yet(admin_client):
    ArticleFactory(headline="Live")
    ArticleFactory(headline="Later", scheduled=True)
    ArticleFactory(headline="Held", embargoed=True)
    response = admin_client.get(admin_url(Article))
    model_admin = response.context["cl"].model_admin
    rows = {a.headline: model_admin.status_display(a) for a in response.context["cl"].result_list}
    assert rows["Live"] == "Published"
    assert "scheduled for" in rows["Later"]
    assert "embargoed until" in rows["Held"]
