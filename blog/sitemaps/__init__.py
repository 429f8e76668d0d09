"""
``/sitemap.xml``: what it lists (``sections.py``) and its cached copy, with the model base that
makes the copy stale whenever an article, a doctor or a category is written (``cache.py``).
The view itself is ``blog.views.sitemap_xml``.
"""
