"""Reporters write and edit drafts; Editors also publish, withdraw and manage rights notices."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_byline"),
    ("articles", "change_byline"),
    ("articles", "delete_byline"),
    ("articles", "view_byline"),
    ("articles", "add_quote"),
    ("articles", "change_quote"),
    ("articles", "delete_quote"),
    ("articles", "view_quote"),
    ("articles", "add_photocaption"),
    ("articles", "change_photocaption"),
    ("articles", "delete_photocaption"),
    ("articles", "view_photocaption"),
    ("articles", "add_person"),
    ("articles", "change_person"),
    ("articles", "view_person"),
    ("articles", "view_rightsnotice"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
    ("taggit", "view_tag"),
]
EDITOR_PERMISSIONS = REPORTER_PERMISSIONS + [
    ("articles", "delete_article"),
    ("articles", "publish_article"),
    ("articles", "delete_person"),
    ("articles", "add_rightsnotice"),
    ("articles", "change_rightsnotice"),
    ("articles", "delete_rightsnotice"),
    ("taggit", "delete_tag"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in (("Reporters", REPORTER_PERMISSIONS), ("Editors", EDITOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporters", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
