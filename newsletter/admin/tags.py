"""Segments: the tags marketing puts on subscribers, with how many carry each."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from newsletter.models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "subscriber_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(subscriber_count=Count("subscribers"))

    @admin.display(description=_("subscribers"), ordering="subscriber_count")
    def subscriber_count(self, tag):
        return tag.subscriber_count
