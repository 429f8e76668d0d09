"""
The languages each coordinator speaks. A coordinator keeps their own list (the queue puts
requests in those languages first for them); a superuser sees and edits everyone's.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leads.models import CoordinatorLanguage


@admin.register(CoordinatorLanguage)
class CoordinatorLanguageAdmin(admin.ModelAdmin):
    list_display = ["language", "user"]
    list_filter = ["language"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        languages = super().get_queryset(request)
        if request.user.is_superuser:
            return languages
        return languages.filter(user=request.user)

    def get_list_display(self, request):
        return self.list_display if request.user.is_superuser else ["language"]

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else []

    def get_fields(self, request, obj=None):
        # A coordinator lists their own languages: whose they are is not theirs to choose.
        return ["user", "language"] if request.user.is_superuser else ["language"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if request.user.is_superuser:
            return form
        user = request.user

        class OwnLanguageForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.user = user

            def clean_language(self):
                # The user is not on the form, so Django's unique check would skip it.
                language = self.cleaned_data["language"]
                if (
                    CoordinatorLanguage.objects.filter(user=user, language=language)
                    .exclude(pk=self.instance.pk)
                    .exists()
                ):
                    raise ValidationError(_("This language is already in the list."))
                return language

        return OwnLanguageForm
