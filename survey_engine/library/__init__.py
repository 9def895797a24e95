"""The questionnaire library: questionnaires written in the browser, their drafts and published versions.

actions.py holds the domain actions (create, save a draft, publish), changes.py says what changed between two
documents, and plugin.py is the built-in plugin that hands published versions to the registry.
"""
