"""
schema.org structured data for blog pages, built as plain dicts and rendered with the
``json_ld`` filter (clinic_site/templatetags/clinic_tags.py), which escapes it for a script tag.
"""

from django.urls import reverse

from blog.languages import current_language
from clinic_site.languages import bcp47


def absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def doctor_schema(doctor, *, request):
    person = {
        "@type": "Person",
        "@id": absolute(request, doctor.get_absolute_url()) + "#person",
        "name": doctor.name,
        "url": absolute(request, doctor.get_absolute_url()),
    }
    if doctor.title:
        person["honorificPrefix"] = doctor.title
    if doctor.specialty:
        person["jobTitle"] = doctor.specialty
    if doctor.photo:
        person["image"] = absolute(request, doctor.photo.url)
    if doctor.same_as:
        person["sameAs"] = doctor.same_as
    return person


# schema.org's MedicalSpecialty values, found by a word in the specialty's English name: a
# specialty none of them names gets none (the free text stays in ``jobTitle``).
MEDICAL_SPECIALTIES = {
    "dermatolog": "Dermatology",
    "plastic": "PlasticSurgery",
    "anaesthesi": "Anesthesia",
    "anesthesi": "Anesthesia",
    "surgery": "Surgical",
}


def medical_specialty(doctor):
    english = (getattr(doctor, "specialty_en", None) or doctor.specialty or "").lower()
    for word, specialty in MEDICAL_SPECIALTIES.items():
        if word in english:
            return f"https://schema.org/{specialty}"
    return None


def physician_schema(doctor, *, request, member_of):
    """
    A doctor of the team: a ``Person`` who is a ``Physician``, a member of the clinic
    (``member_of``: the clinic's schema, or a reference to it) while they work there, with the
    languages they speak.
    """
    person = doctor_schema(doctor, request=request)
    person["@type"] = ["Person", "Physician"]
    if doctor.is_active:
        person["memberOf"] = member_of
    if doctor.language_list:
        person["knowsLanguage"] = doctor.language_list
    specialty = medical_specialty(doctor)
    if specialty:
        person["medicalSpecialty"] = specialty
    return person


def clinic_schema(clinic, *, request):
    """The clinic (``MedicalClinic``, with ``geo`` when it has coordinates) and its map picture."""
    home = absolute(request, reverse("home"))
    data = {"@id": home + "#clinic", **clinic.as_schema(url=home)}
    if clinic.map_image:
        data["image"] = absolute(request, clinic.map_image.url)
    return data


def breadcrumb_schema(breadcrumbs, *, request):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(label),
                "item": absolute(request, url),
            }
            for position, (label, url) in enumerate(breadcrumbs, start=1)
        ],
    }


def article_schema(article, *, request, clinic, breadcrumbs):
    """A ``MedicalWebPage`` about a ``BlogPosting``, with the page's ``BreadcrumbList``."""
    url = absolute(request, article.get_absolute_url())
    publisher = clinic_schema(clinic, request=request)
    posting = {
        "@type": "BlogPosting",
        "@id": url + "#article",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": {"@id": url},
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat(),
        "author": doctor_schema(article.author, request=request),
        "publisher": publisher,
        "articleSection": article.category.name,
        "wordCount": len(article.body_text.split()),
        "inLanguage": bcp47(article.language),
    }
    if article.hero_image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": absolute(request, article.hero_image.url),
            "width": article.hero_image_width,
            "height": article.hero_image_height,
            "caption": article.hero_image_alt,
        }
    page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.page_title,
        "description": article.summary,
        "mainEntity": {"@id": url + "#article"},
        "inLanguage": bcp47(article.language),
        "publisher": {"@id": publisher["@id"]},
        "breadcrumb": {"@id": url + "#breadcrumb"},
    }
    if article.is_reviewed:
        page["reviewedBy"] = doctor_schema(article.reviewed_by, request=request)
        page["lastReviewed"] = article.last_reviewed.isoformat()
    breadcrumb_list = {
        "@id": url + "#breadcrumb",
        **breadcrumb_schema(breadcrumbs, request=request),
    }
    return {
        "@context": "https://schema.org",
        "@graph": [
            page,
            {key: value for key, value in posting.items() if value is not None},
            breadcrumb_list,
        ],
    }


def listing_schema(*, request, breadcrumbs, name, description=""):
    """A ``CollectionPage`` (blog index, category) with its ``BreadcrumbList``."""
    url = absolute(request, request.path)
    page = {
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": str(name),
        "inLanguage": bcp47(current_language()),
    }
    if description:
        page["description"] = description
    return {
        "@context": "https://schema.org",
        "@graph": [page, breadcrumb_schema(breadcrumbs, request=request)],
    }


def profile_schema(doctor, *, request, clinic, breadcrumbs):
    """A ``ProfilePage`` about the doctor (a ``Physician``), with its ``BreadcrumbList``."""
    url = absolute(request, doctor.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ProfilePage",
                "@id": url,
                "url": url,
                "name": doctor.display_name,
                "inLanguage": bcp47(current_language()),
                "mainEntity": physician_schema(
                    doctor, request=request, member_of=clinic_schema(clinic, request=request)
                ),
            },
            breadcrumb_schema(breadcrumbs, request=request),
        ],
    }


def team_schema(doctors, *, request, clinic, breadcrumbs):
    """The team page: a ``CollectionPage`` listing the doctors, each a ``Physician``."""
    url = absolute(request, request.path)
    clinic_data = clinic_schema(clinic, request=request)
    member_of = {"@id": clinic_data["@id"]}
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "CollectionPage",
                "@id": url,
                "url": url,
                "name": str(breadcrumbs[-1][0]),
                "inLanguage": bcp47(current_language()),
                "about": member_of,
                "mainEntity": {
                    "@type": "ItemList",
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": position,
                            "item": physician_schema(doctor, request=request, member_of=member_of),
                        }
                        for position, doctor in enumerate(doctors, start=1)
                    ],
                },
            },
            clinic_data,
            breadcrumb_schema(breadcrumbs, request=request),
        ],
    }


def contact_schema(*, request, clinic, breadcrumbs):
    """The contact page: a ``ContactPage`` about the clinic, which is given in full."""
    url = absolute(request, request.path)
    clinic_data = clinic_schema(clinic, request=request)
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ContactPage",
                "@id": url,
                "url": url,
                "name": str(breadcrumbs[-1][0]),
                "inLanguage": bcp47(current_language()),
                "about": {"@id": clinic_data["@id"]},
            },
            clinic_data,
            breadcrumb_schema(breadcrumbs, request=request),
        ],
    }
