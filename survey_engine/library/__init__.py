"""Questionnaires written in the browser: drafts, published versions and the edits between them."""
