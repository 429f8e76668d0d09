"""
The staff-only address of the assessment photos: the reader's permission is checked on every
request, and nothing is cached or indexed.
"""


def assessment_photo(request, key, size):
    """One assessment photo (``size`` "full" or "thumb"), to staff allowed to see it only."""
    raise NotImplementedError
