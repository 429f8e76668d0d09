"""The clinic's public pages, one module each: treatments, results, reviews, contact."""
