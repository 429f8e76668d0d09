"""
Our corrections to Django's date and number formats, one module per language
(``FORMAT_MODULE_PATH``): only what differs from Django's own, which applies otherwise.
"""
