"""
schema.org structured data for the treatment pages, built as plain dicts like the blog's
(blog/schema.py) and rendered with the ``json_ld`` filter.

A treatment is a ``MedicalProcedure`` with its price range as an ``AggregateOffer``, on a
``MedicalWebPage`` with its ``FAQPage`` and ``BreadcrumbList``. No rating markup: the clinic's
reviews of itself are not for search engines' stars.
"""

from blog.languages import current_language
from blog.schema import absolute, breadcrumb_schema, doctor_schema
from clinic_site.languages import bcp47


def offer_schema(treatment):
    """The price range as an ``AggregateOffer``, or None for a treatment without prices."""
    if treatment.price_from is None:
        return None
    return {
        "@type": "AggregateOffer",
        "lowPrice": treatment.price_from,
        "highPrice": treatment.price_to if treatment.price_to is not None else treatment.price_from,
        "priceCurrency": treatment.currency,
    }


def procedure_schema(treatment, *, request, doctors=()):
    url = absolute(request, treatment.get_absolute_url())
    procedure = {
        "@type": "MedicalProcedure",
        "@id": url + "#procedure",
        "name": treatment.name,
        "description": treatment.summary,
        "url": url,
        "offers": offer_schema(treatment),
        "howPerformed": treatment.anaesthesia,
        "performer": [doctor_schema(doctor, request=request) for doctor in doctors],
    }
    if treatment.hero_image:
        procedure["image"] = absolute(request, treatment.hero_image.url)
    return {key: value for key, value in procedure.items() if value}


def faq_schema(faqs, *, url):
    return {
        "@type": "FAQPage",
        "@id": url + "#faq",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
            }
            for faq in faqs
        ],
    }


def treatment_schema(treatment, *, request, breadcrumbs, faqs, doctors):
    """
    The treatment's page: ``MedicalWebPage``, ``MedicalProcedure``, ``FAQPage``, breadcrumbs;
    ``faqs`` and ``doctors``: the treatment's questions and its active doctors, as the page shows.
    """
    url = absolute(request, treatment.get_absolute_url())
    page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": treatment.name,
        "description": treatment.summary,
        "inLanguage": bcp47(current_language()),
        "mainEntity": {"@id": url + "#procedure"},
        "breadcrumb": {"@id": url + "#breadcrumb"},
    }
    graph = [
        {key: value for key, value in page.items() if value},
        procedure_schema(treatment, request=request, doctors=doctors),
    ]
    if faqs:
        graph.append(faq_schema(faqs, url=url))
    graph.append({"@id": url + "#breadcrumb", **breadcrumb_schema(breadcrumbs, request=request)})
    return {"@context": "https://schema.org", "@graph": graph}


def treatment_list_schema(treatments, *, request, breadcrumbs):
    """The list of treatments: a ``CollectionPage`` with an ``ItemList`` of the procedures."""
    url = absolute(request, request.path)
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "CollectionPage",
                "@id": url,
                "url": url,
                "name": str(breadcrumbs[-1][0]),
                "inLanguage": bcp47(current_language()),
                "mainEntity": {"@id": url + "#treatments"},
            },
            {
                "@type": "ItemList",
                "@id": url + "#treatments",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "item": procedure_schema(treatment, request=request),
                    }
                    for position, treatment in enumerate(treatments, start=1)
                ],
            },
            breadcrumb_schema(breadcrumbs, request=request),
        ],
    }
