"""
Staff roles as Django groups, present after every ``migrate``.

Each app declares what each role may do with a ``role_permissions`` attribute on its AppConfig,
e.g. ``{"Editors": ["blog.view_article", "blog.change_article"]}``. The groups get exactly the
declared permissions: least privilege, and a ``migrate`` puts back anything changed by hand.
Staff in no group (and not superusers) see nothing in the admin.
"""

import logging

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model

EDITORS = "Editors"
CALL_CENTRE = "Call centre"
MARKETING = "Marketing"
# The clinic's doctors, as staff: they read assessment requests with their photos and record
# their answer; the call centre sends it to the patient.
DOCTORS = "Doctors"
ROLES = (EDITORS, CALL_CENTRE, MARKETING, DOCTORS)

logger = logging.getLogger(__name__)


def declared_permissions(app_configs):
    """{role: {"app_label.codename", ...}} from every installed app's ``role_permissions``."""
    declared = {role: set() for role in ROLES}
    for config in app_configs:
        for role, permissions in getattr(config, "role_permissions", {}).items():
            if role not in declared:
                raise ValueError(f"{config.label} declares permissions for unknown role {role!r}")
            declared[role].update(permissions)
    return declared


def sync_roles(*, apps=global_apps, using="default", **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    declared = declared_permissions(global_apps.get_app_configs())
    for role, wanted in declared.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        permissions = []
        for name in sorted(wanted):
            app_label, codename = name.split(".", 1)
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)


def staff_in(role: str):
    """
    The people who work in ``role`` today: active staff accounts in its group. For the call
    centre, these are the coordinators: who can be given a request, and who hears of new ones.
    """
    return (
        get_user_model().objects.filter(is_active=True, is_staff=True, groups__name=role).distinct()
    )
